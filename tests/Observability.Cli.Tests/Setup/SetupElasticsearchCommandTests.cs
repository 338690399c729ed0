using System.Text.Json.Nodes;
using Observability.Testing.Elasticsearch;

namespace Observability.Cli.Tests.Setup;

/// <summary><c>obs setup elasticsearch</c> as an operator runs it (the built obs, a real HTTP server answering as Elasticsearch).</summary>
public sealed class SetupElasticsearchCommandTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public async Task Alert_retention_days_set_the_delete_age_of_the_alerts_policy_and_leave_the_data_streams_policy_alone()
    {
        var (exitCode, output) = await CommandTreeTests.RunObsAsync($"setup elasticsearch --es {_es.Url} --retention-days 30 --alert-retention-days 14");

        Assert.True(exitCode == 0, output);
        Assert.Equal("14d", _es.Resources["/_ilm/policy/obs-alerts"]["policy"]!["phases"]!["delete"]!["min_age"]!.GetValue<string>());
        Assert.Equal("30d", _es.Resources["/_ilm/policy/obs"]["policy"]!["phases"]!["delete"]!["min_age"]!.GetValue<string>());
        Assert.True(_es.Resources["/obs-alerts-000001"]["aliases"]!["obs-alerts"]!["is_write_index"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_plain_obs_alerts_index_fails_setup_with_the_migration_steps()
    {
        _es.Resources["/obs-alerts"] = new JsonObject { ["mappings"] = new JsonObject() };

        var (exitCode, output) = await CommandTreeTests.RunObsAsync($"setup elasticsearch --es {_es.Url}");

        Assert.Equal(1, exitCode);
        Assert.Contains("[obs-alerts] is a plain index", output, StringComparison.Ordinal);
        Assert.Contains("POST /_aliases", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_retention_fails_setup_naming_the_flag_before_anything_is_sent()
    {
        var (exitCode, output) = await CommandTreeTests.RunObsAsync($"setup elasticsearch --es {_es.Url} --alert-retention-days 0");

        Assert.True(exitCode == 2, output); // a bad option exits 2, as in every command; a cluster's refusal exits 1
        Assert.Contains("obs setup elasticsearch: --alert-retention-days must be positive, got 0", output, StringComparison.Ordinal);
        Assert.False(_es.Resources.ContainsKey("/_ilm/policy/obs"), "nothing is installed with a bad option");
    }
}
