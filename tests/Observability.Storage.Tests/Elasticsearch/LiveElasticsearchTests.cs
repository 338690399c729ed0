using System.Globalization;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Kibana;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// Against a real cluster (the compose stack): setup, ship, search, import dashboards. Runs only when
/// <c>OBS_ES_URL</c> is set (and <c>OBS_KIBANA_URL</c> for the import); each run writes to its own namespace.
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

        await store.Connection.SendJsonAsync(HttpMethod.Post, $"/logs-livetest-{Namespace},metrics-gpu-{Namespace}/_refresh", null, CancellationToken.None);
        var errors = await store.Search.SearchAsync(new SearchRequest($"data_stream.namespace:{Namespace} and log.level:error", now.AddHours(-1), now.AddMinutes(1), CountOnly: true), CancellationToken.None);
        Assert.Equal(5, errors.Total);
        var page = await store.Search.SearchAsync(new SearchRequest($"data_stream.namespace:{Namespace}", Limit: 20), CancellationToken.None);
        Assert.Equal(50, page.Total);
        Assert.NotNull(page.NextPage);
        var gpus = await store.Search.SearchAsync(new SearchRequest($"data_stream.namespace:{Namespace} and gpu.utilization.gpu.pct >= 0.8", DataStreamType: "metrics", CountOnly: true), CancellationToken.None);
        Assert.Equal(50, gpus.Total);
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
