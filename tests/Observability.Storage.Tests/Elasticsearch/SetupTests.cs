using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Http;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary><c>obs setup elasticsearch</c> against the local server: creates everything once, then changes nothing.</summary>
public sealed class SetupTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private ElasticsearchSetup Setup(ElasticsearchConnection connection, int retentionDays = 30)
    {
        var options = new ElasticsearchOptions { RetentionDays = retentionDays };
        options.Urls.Add(_es.Url);
        return new ElasticsearchSetup(connection, options);
    }

    private ElasticsearchConnection Connect()
    {
        var options = new ElasticsearchOptions();
        options.Urls.Add(_es.Url);
        return new ElasticsearchConnection(options);
    }

    [Fact]
    public async Task Running_setup_twice_sends_no_put_the_second_time()
    {
        using var connection = Connect();
        var first = await Setup(connection).ApplyAsync(CancellationToken.None);
        var putsAfterFirst = _es.PutCount;

        var second = await Setup(connection).ApplyAsync(CancellationToken.None);

        Assert.All(first, o => Assert.Equal(SetupAction.Created, o.Action));
        Assert.All(second, o => Assert.Equal(SetupAction.Unchanged, o.Action));
        Assert.Equal(first.Count, putsAfterFirst);
        Assert.Equal(putsAfterFirst, _es.PutCount);
        Assert.Contains("/_ilm/policy/obs", _es.Resources.Keys);
        Assert.Contains("/_index_template/obs-metrics-tsds", _es.Resources.Keys);
        Assert.Equal("time_series", _es.Resources["/_component_template/obs-metrics-tsds@settings"]["template"]!["settings"]!["index"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_changed_retention_updates_only_the_policy()
    {
        using var connection = Connect();
        await Setup(connection).ApplyAsync(CancellationToken.None);

        var changed = await Setup(connection, retentionDays: 7).ApplyAsync(CancellationToken.None);

        var updated = Assert.Single(changed, o => o.Action != SetupAction.Unchanged);
        Assert.Equal((SetupKind.LifecyclePolicy, SetupAction.Updated), (updated.Kind, updated.Action));
        Assert.Equal("7d", _es.Resources["/_ilm/policy/obs"]["policy"]!["phases"]!["delete"]!["min_age"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_existing_alerts_index_with_an_old_mapping_gets_a_mapping_update_not_a_create()
    {
        using var connection = Connect();
        _es.Resources["/obs-alerts"] = System.Text.Json.Nodes.JsonNode.Parse("""{"mappings":{"properties":{"message":{"type":"match_only_text"}}}}""")!.AsObject();

        var outcomes = await Setup(connection).ApplyAsync(CancellationToken.None);

        Assert.Equal(SetupAction.Updated, outcomes.Single(o => o.Kind == SetupKind.Index).Action);
        Assert.Contains(_es.Requests, r => r.Method == "PUT" && r.Path == "/obs-alerts/_mapping");
        Assert.DoesNotContain(_es.Requests, r => r.Method == "PUT" && r.Path == "/obs-alerts");
    }

    [Fact]
    public async Task A_refused_put_fails_with_the_elasticsearch_reason()
    {
        using var connection = Connect();
        _es.RefusePut = path => path == "/_component_template/obs-logs@mappings";

        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => Setup(connection).ApplyAsync(CancellationToken.None));

        Assert.Contains("obs-logs@mappings", e.Message, StringComparison.Ordinal);
        Assert.Contains("mapper_parsing_exception", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        // Nothing that depends on the refused template was installed after it.
        Assert.DoesNotContain("/_index_template/obs-logs", _es.Resources.Keys);
    }
}
