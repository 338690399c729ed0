using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;
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
    public async Task Alerts_get_a_policy_of_their_own_and_a_first_index_that_is_the_write_index_of_the_obs_alerts_alias()
    {
        using var connection = Connect();

        await Setup(connection).ApplyAsync(CancellationToken.None);

        var policy = _es.Resources["/_ilm/policy/obs-alerts"]["policy"]!["phases"]!;
        Assert.Equal("90d", policy["delete"]!["min_age"]!.GetValue<string>());
        Assert.Equal("7d", policy["hot"]!["actions"]!["rollover"]!["max_age"]!.GetValue<string>());
        Assert.Equal("50gb", policy["hot"]!["actions"]!["rollover"]!["max_primary_shard_size"]!.GetValue<string>());
        var template = _es.Resources["/_index_template/obs-alerts"];
        Assert.Equal(["obs-alerts-*"], template["index_patterns"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("obs-alerts@settings", template["composed_of"]!.AsArray().Select(c => c!.GetValue<string>()));
        var lifecycle = _es.Resources["/_component_template/obs-alerts@settings"]["template"]!["settings"]!["index"]!["lifecycle"]!;
        Assert.Equal(("obs-alerts", "obs-alerts"), (lifecycle["name"]!.GetValue<string>(), lifecycle["rollover_alias"]!.GetValue<string>()));
        Assert.True(_es.Resources["/obs-alerts-000001"]["aliases"]!["obs-alerts"]!["is_write_index"]!.GetValue<bool>());
        Assert.False(_es.Resources.ContainsKey("/obs-alerts"));
    }

    [Fact]
    public async Task After_ilm_rolled_the_alerts_over_setup_still_changes_nothing()
    {
        using var connection = Connect();
        await Setup(connection).ApplyAsync(CancellationToken.None);
        var puts = _es.PutCount;
        // What ILM's rollover does: a new index from the obs-alerts-* template becomes the alias' write index.
        var mappings = _es.Resources["/_component_template/obs-alerts@mappings"]["template"]!["mappings"]!.DeepClone();
        _es.Resources["/obs-alerts-000001"]["aliases"]!["obs-alerts"]!["is_write_index"] = false;
        _es.Resources["/obs-alerts-000002"] = new JsonObject { ["aliases"] = JsonNode.Parse("""{"obs-alerts":{"is_write_index":true}}"""), ["mappings"] = mappings };

        var again = await Setup(connection).ApplyAsync(CancellationToken.None);

        Assert.All(again, o => Assert.Equal(SetupAction.Unchanged, o.Action));
        Assert.Equal(puts, _es.PutCount);
    }

    [Fact]
    public async Task A_changed_alert_retention_updates_only_the_alerts_policy()
    {
        using var connection = Connect();
        await Setup(connection).ApplyAsync(CancellationToken.None);
        var options = new ElasticsearchOptions { AlertRetentionDays = 14 };
        options.Urls.Add(_es.Url);

        var changed = await new ElasticsearchSetup(connection, options).ApplyAsync(CancellationToken.None);

        var updated = Assert.Single(changed, o => o.Action != SetupAction.Unchanged);
        Assert.Equal((SetupKind.LifecyclePolicy, "obs-alerts", SetupAction.Updated), (updated.Kind, updated.Name, updated.Action));
        Assert.Equal("14d", _es.Resources["/_ilm/policy/obs-alerts"]["policy"]!["phases"]!["delete"]!["min_age"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alerts_are_written_by_id_through_the_alias_into_its_write_index_and_searched_through_it()
    {
        await using var store = Store();
        await store.Setup.ApplyAsync(CancellationToken.None);
        var firing = Alert("alert-1", "firing");

        var first = await store.Writer.WriteAsync([firing], CancellationToken.None);
        var retried = await store.Writer.WriteAsync([Alert("alert-1", "firing")], CancellationToken.None);
        var found = await store.Search.SearchAsync(new SearchRequest("", DataStreamType: "alerts", Limit: 10), CancellationToken.None);

        Assert.Equal((1, 1), (first.Written, retried.Written));
        Assert.Contains(_es.Requests, r => r.Path == "/_bulk" && r.Body.Contains("\"_index\":\"obs-alerts\"", StringComparison.Ordinal));
        Assert.Equal(["obs-alerts-000001/alert-1"], _es.Documents.Keys.Where(k => k.StartsWith("obs-alerts", StringComparison.Ordinal)));
        Assert.Equal("alert-1", Assert.Single(found.Hits).Id);
    }

    [Fact]
    public async Task An_alerts_write_index_with_an_old_mapping_gets_a_mapping_update_through_the_alias_not_a_create()
    {
        using var connection = Connect();
        _es.Resources["/obs-alerts-000001"] = JsonNode.Parse("""{"aliases":{"obs-alerts":{"is_write_index":true}},"mappings":{"properties":{"message":{"type":"match_only_text"}}}}""")!.AsObject();

        var outcomes = await Setup(connection).ApplyAsync(CancellationToken.None);

        Assert.Equal(SetupAction.Updated, outcomes.Single(o => o.Kind == SetupKind.Index).Action);
        Assert.Contains(_es.Requests, r => r.Method == "PUT" && r.Path == "/obs-alerts/_mapping");
        Assert.DoesNotContain(_es.Requests, r => r.Method == "PUT" && r.Path == "/obs-alerts-000001");
        Assert.NotNull(_es.Resources["/obs-alerts-000001"]["mappings"]!["properties"]!["alert"]);
    }

    [Fact]
    public async Task A_plain_obs_alerts_index_of_an_older_version_stops_setup_with_the_steps_that_keep_its_documents()
    {
        using var connection = Connect();
        // What versions before the alias created: the index itself, named obs-alerts, holding alert documents.
        _es.Resources["/obs-alerts"] = JsonNode.Parse("""{"mappings":{"properties":{"message":{"type":"match_only_text"}}}}""")!.AsObject();

        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => Setup(connection).ApplyAsync(CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Contains("[obs-alerts] is a plain index", e.Message, StringComparison.Ordinal);
        Assert.Contains("POST /obs-alerts/_clone/obs-alerts-000001", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"remove_index\":{\"index\":\"obs-alerts\"}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_es.Requests, r => r.Method == "PUT" && r.Path.StartsWith("/obs-alerts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_write_before_setup_auto_creates_a_plain_obs_alerts_index_which_setup_then_refuses_to_build_on()
    {
        await using var store = Store();
        await store.Writer.WriteAsync([Alert("alert-1", "firing")], CancellationToken.None);

        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => store.Setup.ApplyAsync(CancellationToken.None));

        Assert.Contains("auto-created by a write before setup", e.Message, StringComparison.Ordinal);
    }

    private ElasticsearchStore Store()
    {
        var options = new ElasticsearchOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxRetries = 1 };
        options.Urls.Add(_es.Url);
        return ElasticsearchStore.Create(options, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
    }

    private static EcsDocument Alert(string id, string state)
    {
        var alert = new EcsDocument { Id = id, Timestamp = Docs.T0 };
        alert.Set(EcsFields.EventKind, "alert");
        alert.Set("alert.name", "GpuIdle");
        alert.Set("alert.state", state);
        return alert;
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
