using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Observability.Core.Documents;
using Observability.Reports;
using Observability.Reports.Elasticsearch;
using Observability.Reports.Model;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Http;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// The three API keys .env.example documents (writer, setup, Kibana), taken from the file itself and enforced by the
/// fake: setup installs everything with the setup key and ILM can then roll over and delete; the writer key ingests,
/// indexes alerts, searches and builds the report, and cannot change templates; the Kibana key covers every saved-object
/// type the dashboards import.
/// </summary>
public sealed partial class LeastPrivilegeKeysTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _es.AddSharedClusterTemplates();
        foreach (var (name, role) in DocumentedKeys())
        {
            _es.ApiKeys[$"{name}-key"] = role;
        }
    }

    public async Task DisposeAsync() => await _es.DisposeAsync();

    /// <summary>The role descriptors of the <c>POST /_security/api_key</c> lines in .env.example, by key name.</summary>
    internal static Dictionary<string, JsonObject> DocumentedKeys()
    {
        var keys = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (Match m in ApiKeyLine().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, ".env.example"))))
        {
            var body = JsonNode.Parse(m.Groups[1].Value)!;
            var (name, role) = body["role_descriptors"]!.AsObject().Single();
            keys[name] = role!.AsObject();
        }

        return keys;
    }

    [GeneratedRegex(@"^#\s+POST /_security/api_key (\{.*\})\s*$", RegexOptions.Multiline)]
    private static partial Regex ApiKeyLine();

    private ElasticsearchStore Store(string key)
    {
        var options = new ElasticsearchOptions { ApiKey = key, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxRetries = 1 };
        options.Urls.Add(_es.Url);
        return ElasticsearchStore.Create(options, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
    }

    [Fact]
    public void The_example_documents_a_writer_a_setup_and_a_Kibana_key()
    {
        Assert.Equal(["obs-kibana", "obs-setup", "obs-writer"], DocumentedKeys().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Setup_runs_with_the_setup_key_and_ILM_may_roll_over_and_delete_our_streams_and_the_alerts_indices()
    {
        await using var setup = Store("obs-setup-key");

        await setup.Setup.ApplyAsync(CancellationToken.None);
        var again = await setup.Setup.ApplyAsync(CancellationToken.None); // reads everything back: view and GET privileges

        Assert.NotEmpty(again);
        foreach (var stream in new[] { "logs-obs.app-default", "metrics-obs.gpu.device-default", "traces-obs.training-default" })
        {
            Assert.Empty(_es.IlmMissingPrivileges(stream));
        }

        Assert.Empty(_es.IlmMissingPrivileges("obs-alerts", backingIndex: "obs-alerts-000002"));
    }

    [Fact]
    public async Task The_writer_key_ingests_indexes_alerts_searches_and_reports_but_cannot_change_templates()
    {
        await using (var setup = Store("obs-setup-key"))
        {
            await setup.Setup.ApplyAsync(CancellationToken.None);
        }

        await using var writer = Store("obs-writer-key");
        var alert = new EcsDocument { Id = "alert-1", Timestamp = Docs.T0 };
        alert.Set(EcsFields.EventKind, "alert");
        alert.Set("alert.name", "GpuIdle");
        alert.Set("alert.state", "firing");

        var result = await writer.Writer.WriteAsync([Docs.Log(1), Docs.GpuSample(1), Docs.TrainingStep(1), alert], CancellationToken.None);
        var found = await writer.Search.SearchAsync(new SearchRequest("", Limit: 10), CancellationToken.None);
        var gpus = await new EsGpuQuery(new EsReportClient(writer.Connection), new ReportOptions())
            .RunAsync(ReportPeriod.Ending(Docs.T0.AddHours(1), TimeSpan.FromHours(24)), CancellationToken.None);

        Assert.Equal((4, 0), (result.Written, result.Rejected.Count));
        Assert.Single(found.Hits);
        Assert.Equal(87, gpus.MeanUtilizationPct.Current!.Value, 6);
        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => writer.Setup.ApplyAsync(CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Kibana_key_holds_the_feature_privileges_of_every_saved_object_type_imported()
    {
        var granted = DocumentedKeys()["obs-kibana"]["applications"]!.AsArray()
            .Where(a => a!["application"]!.GetValue<string>() == "kibana-.kibana")
            .SelectMany(a => a!["privileges"]!.AsArray().Select(p => p!.GetValue<string>())).ToHashSet(StringComparer.Ordinal);
        var featureOf = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index-pattern"] = "feature_indexPatterns.all",
            ["lens"] = "feature_visualize.all",
            ["search"] = "feature_discover.all",
            ["dashboard"] = "feature_dashboard.all",
        };

        var types = Directory.GetFiles(Path.Combine(RepoPaths.Root, "dashboards"), "*.ndjson")
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!["type"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(featureOf.Keys.Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
        Assert.All(types, t => Assert.Contains(featureOf[t], granted));
        Assert.Contains("feature_savedObjectsManagement.all", granted); // the import API itself
    }
}
