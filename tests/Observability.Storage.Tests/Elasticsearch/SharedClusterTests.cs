using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// Setup and writes on a cluster that Fleet, APM and OpenTelemetry share: the fake holds their templates, applies the
/// highest-priority matching template to each new stream and refuses same-priority overlaps, as Elasticsearch does.
/// </summary>
public sealed class SharedClusterTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    private ElasticsearchStore _store = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        _es.AddSharedClusterTemplates();
        var options = new ElasticsearchOptions { InitialBackoff = TimeSpan.FromMilliseconds(1) };
        options.Urls.Add(_es.Url);
        _store = ElasticsearchStore.Create(options, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
        await _store.Setup.ApplyAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _es.DisposeAsync();
    }

    [Theory]
    // Other products' streams keep their own templates (and with them their ingest pipelines and dimensions).
    [InlineData("metrics-system.cpu-default", "metrics-system.cpu")]
    [InlineData("metrics-system.network-default", "metrics-system.network")]
    [InlineData("logs-nginx.access-default", "logs-nginx.access")]
    [InlineData("traces-apm-default", "traces-apm@template")]
    [InlineData("metrics-apm.app.checkout-default", "metrics-apm.app@template")]
    [InlineData("logs-checkout.otel-default", "logs-otel@template")]
    [InlineData("logs-generic-default", "logs")]
    // Ours take ours.
    [InlineData("logs-obs.app-default", "obs-logs")]
    [InlineData("metrics-obs.system.cpu-default", "obs-metrics-tsds")]
    [InlineData("metrics-obs.gpu.device-prod", "obs-metrics-tsds")]
    [InlineData("metrics-obs.training-default", "obs-metrics")]
    [InlineData("traces-obs.training-default", "obs-traces")]
    public void Each_stream_gets_the_template_of_the_product_that_writes_it(string stream, string template) =>
        Assert.Equal(template, _es.TemplateFor(stream));

    [Fact]
    public async Task The_agents_documents_land_in_our_streams_only()
    {
        var result = await _store.Writer.WriteAsync([Docs.Log(1), Docs.GpuSample(1), Docs.TrainingStep(1)], CancellationToken.None);

        Assert.Equal(3, result.Written);
        Assert.Equal(["logs-obs.app-default", "metrics-obs.gpu.device-default", "metrics-obs.training-default"],
            _es.Documents.Keys.Select(k => k.Split('/')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task On_a_LogsDB_cluster_a_value_of_the_wrong_type_is_still_refused_and_dead_lettered()
    {
        _es.LogsDbByDefault = true;
        var bad = Docs.Log(2);
        bad.Set("log.offset", "not a number");

        var result = await _store.Writer.WriteAsync([Docs.Log(1), bad], CancellationToken.None);

        Assert.Equal(1, result.Written);
        Assert.Contains("log.offset", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }
}
