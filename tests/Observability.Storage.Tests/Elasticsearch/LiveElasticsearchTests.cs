using System.Globalization;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Kibana;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// Against a real cluster (the compose stack): setup (also with the documented least-privilege keys), ship, search,
/// every dashboard panel's search, the report's GPU and training sections, the dashboards' import. Runs only when
/// <c>OBS_ES_URL</c> is set (and <c>OBS_KIBANA_URL</c> for the import); each run writes to its own namespace.
/// docs/elasticsearch-live.md says how to run it.
/// <code>OBS_ES_URL=http://127.0.0.1:9200 OBS_ES_USERNAME=elastic OBS_ES_PASSWORD=… OBS_KIBANA_URL=http://127.0.0.1:5601 \
///   dotnet test tests/Observability.Storage.Tests --filter FullyQualifiedName~Live</code>
/// </summary>
public sealed class LiveElasticsearchTests
{
    private static readonly string Namespace = "live" + Guid.NewGuid().ToString("N")[..8];

    [LiveFact]
    public async Task Setup_twice_then_ship_search_and_deduplicate()
    {
        await using var store = ElasticsearchStore.Create(new ElasticsearchOptions());
        var first = await store.Setup.ApplyAsync(CancellationToken.None);
        var second = await store.Setup.ApplyAsync(CancellationToken.None);
        Assert.NotEmpty(first);
        Assert.All(second, o => Assert.Equal(SetupAction.Unchanged, o.Action));

        var now = TimeProvider.System.GetUtcNow();
        var docs = new List<EcsDocument>();
        for (var i = 0; i < 50; i++)
        {
            var log = Docs.Log(i, dataset: "livetest");
            log.Timestamp = now.AddSeconds(-i);
            log.Id = EventIds.FromParts(Namespace, "log", i.ToString(CultureInfo.InvariantCulture));
            log.Set(EcsFields.DataStreamNamespace, Namespace);
            docs.Add(log);
            var gpu = Docs.GpuSample(i);
            gpu.Timestamp = now.AddSeconds(-i);
            gpu.Set(EcsFields.DataStreamNamespace, Namespace);
            docs.Add(gpu);
        }

        var written = await store.Writer.WriteAsync(docs, CancellationToken.None);
        Assert.True(written.Rejected.Count == 0, string.Join("\n", written.Rejected.Select(r => r.Reason)));
        Assert.Equal(100, written.Written);
        var again = await store.Writer.WriteAsync(docs, CancellationToken.None);
        Assert.Equal(100, again.Duplicates);

        await store.Connection.SendJsonAsync(HttpMethod.Post, $"/logs-obs.livetest-{Namespace},metrics-obs.gpu.device-{Namespace}/_refresh", null, CancellationToken.None);
        var errors = await store.Search.SearchAsync(new SearchRequest($"data_stream.namespace:{Namespace} and log.level:error", now.AddHours(-1), now.AddMinutes(1), CountOnly: true), CancellationToken.None);
        Assert.Equal(5, errors.Total);
        var page = await store.Search.SearchAsync(new SearchRequest($"data_stream.namespace:{Namespace}", Limit: 20), CancellationToken.None);
        Assert.Equal(50, page.Total);
        Assert.NotNull(page.NextPage);
        var gpus = await store.Search.SearchAsync(new SearchRequest($"data_stream.namespace:{Namespace} and gpu.utilization.gpu.pct >= 0.8", DataStreamType: "metrics", CountOnly: true), CancellationToken.None);
        Assert.Equal(50, gpus.Total);
    }

    [LiveFact]
    public async Task Every_dashboard_panels_search_runs_on_the_cluster()
    {
        await using var store = ElasticsearchStore.Create(new ElasticsearchOptions());
        await store.Setup.ApplyAsync(CancellationToken.None);

        foreach (var (title, target, body) in DashboardValidationTests.PanelSearches())
        {
            var response = await store.Connection.SendJsonAsync(HttpMethod.Post, $"/{target}/_search?ignore_unavailable=true&allow_no_indices=true", body.ToJsonString(), CancellationToken.None);
            Assert.True(response.IsSuccess, $"{title}: HTTP {response.StatusCode} {response.ErrorSummary()}");
        }
    }

    /// <summary>
    /// Creates the three keys .env.example documents (so the credentials given must be allowed to create API keys, as
    /// the elastic user is), then: setup with the setup key, agent-shaped GPU samples and worker-shaped training steps
    /// with the writer key, and the GPU and training report sections from what was written.
    /// </summary>
    [LiveFact]
    public async Task The_documented_least_privilege_keys_run_setup_ingest_and_the_report()
    {
        await using var admin = ElasticsearchStore.Create(new ElasticsearchOptions());
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, role) in LeastPrivilegeKeysTests.DocumentedKeys())
        {
            var request = new System.Text.Json.Nodes.JsonObject { ["name"] = $"{name}-{Namespace}", ["expiration"] = "1h", ["role_descriptors"] = new System.Text.Json.Nodes.JsonObject { [name] = role.DeepClone() } };
            var created = await admin.Connection.SendJsonAsync(HttpMethod.Post, "/_security/api_key", request.ToJsonString(), CancellationToken.None);
            Assert.True(created.IsSuccess, $"creating {name}: HTTP {created.StatusCode} {created.ErrorSummary()}");
            keys[name] = created.Json!["encoded"]!.GetValue<string>();
        }

        await using (var setup = ElasticsearchStore.Create(new ElasticsearchOptions { ApiKey = keys["obs-setup"] }.ApplyEnvironment()))
        {
            await setup.Setup.ApplyAsync(CancellationToken.None);
        }

        await using var writer = ElasticsearchStore.Create(new ElasticsearchOptions { ApiKey = keys["obs-writer"] }.ApplyEnvironment());
        var now = TimeProvider.System.GetUtcNow();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now.AddMinutes(-30));
        var gpu = new Observability.Agent.Metrics.Gpu.GpuMetrics(new Observability.Agent.Metrics.Gpu.SimulatedGpuReader(2, time));
        var factory = new Observability.Agent.Metrics.MetricDocumentFactory($"live-{Namespace}", Namespace);
        var docs = new List<EcsDocument>();
        for (var i = 0; i < 20; i++)
        {
            factory.Timestamp = time.GetUtcNow();
            docs.AddRange(gpu.Collect(factory));
            var step = new EcsDocument { Id = EventIds.FromParts(Namespace, "step", i.ToString(CultureInfo.InvariantCulture)), Timestamp = time.GetUtcNow() };
            step.Set(EcsFields.DataStreamType, "metrics");
            step.Set(EcsFields.DataStreamDataset, "training");
            step.Set(EcsFields.DataStreamNamespace, Namespace);
            step.Set(EcsFields.EventDataset, "training");
            step.Set("training.job.id", $"job-{Namespace}");
            step.Set("training.step", (long)i);
            step.Set("training.step.duration_ms", i < 10 ? 120.0 : 180.0);
            step.Set("training.samples_per_second", 1000.0);
            docs.Add(step);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var written = await writer.Writer.WriteAsync(docs, CancellationToken.None);
        Assert.True(written.Rejected.Count == 0, string.Join("\n", written.Rejected.Select(r => r.Reason)));
        await admin.Connection.SendJsonAsync(HttpMethod.Post, "/metrics-obs.*-*/_refresh", null, CancellationToken.None);

        var period = Observability.Reports.Model.ReportPeriod.Ending(now.AddMinutes(1), TimeSpan.FromHours(1));
        var client = new Observability.Reports.Elasticsearch.EsReportClient(writer.Connection);
        var gpus = await new Observability.Reports.Elasticsearch.EsGpuQuery(client, new Observability.Reports.ReportOptions()).RunAsync(period, CancellationToken.None);
        var training = await new Observability.Reports.Elasticsearch.EsTrainingQuery(client, new Observability.Reports.ReportOptions()).RunAsync(period, CancellationToken.None);

        Assert.InRange(gpus.MeanUtilizationPct.Current!.Value, 1, 100); // percent, from the agent's 0–1 ratio
        Assert.Contains(training.StepTimeRegressions, r => r.Job == $"job-{Namespace}");
    }

    [LiveFact(needsKibana: true)]
    public async Task The_dashboards_import_into_Kibana_without_errors()
    {
        var options = new KibanaOptions().ApplyEnvironment(new ElasticsearchOptions().ApplyEnvironment());
        using var importer = new KibanaImporter(options);
        var files = Directory.GetFiles(RepoPaths.Dashboards, "*.ndjson");
        var bundle = KibanaImporter.Bundle(files);

        var result = await importer.ImportAsync(bundle, CancellationToken.None);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(files.Sum(f => File.ReadLines(f).Count(l => l.Trim().Length > 0)), result.SuccessCount);
    }
}
