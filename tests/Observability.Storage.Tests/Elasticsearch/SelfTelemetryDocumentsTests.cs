using Observability.Agent.Metrics;
using Observability.Core.Documents;
using Observability.Core.Telemetry;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// The stack's own figures as <see cref="SelfTelemetryMetrics"/> writes them: ECS fields with ECS's types (checked
/// against <c>ecs_flat.yml</c>), the rest under <c>obs.self.*</c> and mapped by the metrics template, and stored.
/// </summary>
public sealed class SelfTelemetryDocumentsTests : IAsyncLifetime
{
    private const string Component = "Tests.SelfDocs";
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public void Each_figure_is_one_ecs_metric_document_with_component_name_reason_and_value()
    {
        using var self = new SelfTelemetryMetrics("obs", c => c == Component);
        using var telemetry = new ComponentTelemetry(Component);
        telemetry.Counter(TelemetryNames.Received).Add(12);
        telemetry.Counter(TelemetryNames.Failed, "dead_letter").For("dead_letter").Add(2);
        telemetry.Gauge("files_open").Set(3);

        var docs = self.Collect(new MetricDocumentFactory("node-1", "default") { Timestamp = T0 });

        var byFigure = docs.ToDictionary(d => (d.GetString("obs.self.name"), d.GetString("obs.self.reason")));
        Assert.Equal(3, docs.Count);
        Assert.Equal(12L, byFigure[("received", null)]["obs.self.value"]);
        Assert.Equal(2L, byFigure[("failed", "dead_letter")]["obs.self.value"]);
        Assert.Equal("gauge", byFigure[("files_open", null)].GetString("obs.self.kind"));
        Assert.Equal(3, docs.Select(d => d.Id).Distinct().Count());
        foreach (var doc in docs)
        {
            Assert.Equal("obs.self", doc.GetString(EcsFields.EventDataset));
            Assert.Equal("obs", doc.GetString(EcsFields.ServiceName));
            Assert.Equal("node-1", doc.GetString(EcsFields.HostName));
            Assert.Equal("tests.selfdocs", doc.GetString("obs.self.component"));
            Assert.Equal("metric", doc.GetString(EcsFields.EventKind));
        }
    }

    [Fact]
    public async Task Ecs_fields_have_ecs_types_the_rest_is_mapped_by_the_metrics_template_and_the_documents_are_stored()
    {
        using var self = new SelfTelemetryMetrics("obs", c => c == Component);
        using var telemetry = new ComponentTelemetry(Component);
        telemetry.Counter(TelemetryNames.Dropped, "duplicate").For("duplicate").Add(4);
        var docs = self.Collect(new MetricDocumentFactory("node-1", "default") { Timestamp = T0 });
        var mapped = TemplateBuilder.MetricFields().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var common = FieldCatalog.Common.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, value) in docs.SelectMany(d => d.Fields))
        {
            if (EcsSpec.FieldTypes.TryGetValue(name, out var type))
            {
                Assert.True(type switch
                {
                    "keyword" or "constant_keyword" or "wildcard" or "match_only_text" or "text" => value is string,
                    "long" or "integer" => value is long or int,
                    _ => true,
                }, $"{name} is an ECS {type} but holds {value?.GetType().Name}");
            }
            else
            {
                // Not ECS: our own obs.self.* fields, or what every metric document carries (metricset.name, as Metricbeat).
                Assert.True(name.StartsWith("obs.self.", StringComparison.Ordinal) || common.Contains(name), $"{name} is neither ECS nor ours");
            }

            Assert.True(mapped.Contains(name), $"{name} is not mapped by the metrics template");
        }

        var options = new ElasticsearchOptions();
        options.Urls.Add(_es.Url);
        await using var store = ElasticsearchStore.Create(options);
        var result = await store.Writer.WriteAsync([.. docs], CancellationToken.None);
        Assert.True(result.Written == docs.Count, string.Join("; ", result.Rejected.Select(r => r.Reason)));
    }
}
