using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch.Bulk;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// Everything <c>obs setup elasticsearch</c> installs, in dependency order: the ILM policy, component templates
/// (mappings from <see cref="FieldCatalog"/>, settings), index templates for <c>logs-*-*</c>, <c>metrics-*-*</c>
/// (time series data streams for the datasets in <see cref="ElasticsearchOptions.TimeSeriesDatasets"/>),
/// <c>traces-*-*</c> and <c>obs-alerts</c>, and the <c>obs-alerts</c> index itself. Priorities sit above the
/// built-in <c>logs</c>/<c>metrics</c> templates (100) and Fleet's (200) so ours win for these patterns.
/// </summary>
public static class TemplateBuilder
{
    public const int Priority = 250;
    public const int TimeSeriesPriority = 260;

    public static IReadOnlyList<SetupResource> Plan(ElasticsearchOptions options)
    {
        var list = new List<SetupResource>
        {
            new(SetupKind.LifecyclePolicy, IlmPolicyBuilder.PolicyName, $"/_ilm/policy/{IlmPolicyBuilder.PolicyName}", IlmPolicyBuilder.Body(options), b => (JsonObject)b["policy"]!),
            Component("obs@settings", Settings(new JsonObject { ["lifecycle"] = new JsonObject { ["name"] = IlmPolicyBuilder.PolicyName } })),
            Component("obs-metrics-tsds@settings", Settings(new JsonObject
            {
                ["mode"] = "time_series",
                ["routing_path"] = new JsonArray([.. TimeSeriesFields().Where(f => f.Role == FieldRole.Dimension && f.Type == "keyword").Select(f => JsonValue.Create(f.Name))]),
                ["lifecycle"] = new JsonObject { ["name"] = IlmPolicyBuilder.PolicyName },
            })),
            // Scheduler and worker logs carry training.* (job timeline), so logs map them too.
            Component("obs-logs@mappings", Mappings(LogFields(), timeSeries: false)),
            Component("obs-metrics@mappings", Mappings(MetricFields(), timeSeries: false)),
            Component("obs-metrics-tsds@mappings", Mappings(TimeSeriesFields(), timeSeries: true)),
            Component("obs-traces@mappings", Mappings(TraceFields(), timeSeries: false)),
            Component("obs-alerts@mappings", Mappings(AlertFields(), timeSeries: false)),
            IndexTemplate("obs-logs", ["logs-*-*"], ["obs-logs@mappings", "obs@settings"], Priority, dataStream: true),
            IndexTemplate("obs-metrics", ["metrics-*-*"], ["obs-metrics@mappings", "obs@settings"], Priority, dataStream: true),
            IndexTemplate("obs-metrics-tsds", [.. TimeSeriesPatterns(options)], ["obs-metrics-tsds@mappings", "obs-metrics-tsds@settings"], TimeSeriesPriority, dataStream: true),
            IndexTemplate("obs-traces", ["traces-*-*"], ["obs-traces@mappings", "obs@settings"], Priority, dataStream: true),
            IndexTemplate("obs-alerts", [BulkTarget.AlertsIndex], ["obs-alerts@mappings"], Priority, dataStream: false),
            // The alerts index: created with no body, its mappings come from the obs-alerts template; the hash lives in _meta of its mapping.
            new(SetupKind.Index, BulkTarget.AlertsIndex, $"/{BulkTarget.AlertsIndex}", AlertsIndexBody(), b => (JsonObject)b["mappings"]!),
        };
        return list;
    }

    public static IEnumerable<ObsField> LogFields() => FieldCatalog.Common.Concat(FieldCatalog.Logs).Concat(FieldCatalog.Training);

    public static IEnumerable<ObsField> MetricFields() => FieldCatalog.Common.Concat(FieldCatalog.Metrics);

    public static IEnumerable<ObsField> TraceFields() => FieldCatalog.Common.Concat(FieldCatalog.Traces).Concat(FieldCatalog.Training);

    public static IEnumerable<ObsField> AlertFields() => FieldCatalog.Common.Concat(FieldCatalog.Alerts);

    /// <summary>Node and GPU metrics: the catalog's common fields (host.name etc. as dimensions) and the metric sets.</summary>
    public static IEnumerable<ObsField> TimeSeriesFields() => FieldCatalog.Common.Concat(FieldCatalog.SystemMetrics).Concat(FieldCatalog.Gpu);

    public static IEnumerable<string> TimeSeriesPatterns(ElasticsearchOptions options) =>
        options.TimeSeriesDatasets.Select(d => $"metrics-{d}-*");

    private static SetupResource Component(string name, JsonObject template) =>
        new(SetupKind.ComponentTemplate, name, $"/_component_template/{Uri.EscapeDataString(name)}", new JsonObject { ["template"] = template }, b => b);

    private static SetupResource IndexTemplate(string name, string[] patterns, string[] composedOf, int priority, bool dataStream)
    {
        var body = new JsonObject
        {
            ["index_patterns"] = new JsonArray([.. patterns.Select(p => JsonValue.Create(p))]),
            ["composed_of"] = new JsonArray([.. composedOf.Select(c => JsonValue.Create(c))]),
            ["priority"] = priority,
        };
        if (dataStream)
        {
            body["data_stream"] = new JsonObject();
        }

        return new SetupResource(SetupKind.IndexTemplate, name, $"/_index_template/{name}", body, b => b);
    }

    private static JsonObject Settings(JsonObject index) => new() { ["settings"] = new JsonObject { ["index"] = index } };

    private static JsonObject Mappings(IEnumerable<ObsField> fields, bool timeSeries) => new()
    {
        ["mappings"] = new JsonObject
        {
            ["dynamic_templates"] = MappingBuilder.DynamicTemplates(),
            ["properties"] = MappingBuilder.Properties(Distinct(fields), timeSeries),
        },
    };

    private static JsonObject AlertsIndexBody() => new()
    {
        ["mappings"] = new JsonObject
        {
            ["dynamic_templates"] = MappingBuilder.DynamicTemplates(),
            ["properties"] = MappingBuilder.Properties(Distinct(AlertFields()), timeSeries: false),
        },
    };

    private static IEnumerable<ObsField> Distinct(IEnumerable<ObsField> fields) => fields.DistinctBy(f => f.Name);
}
