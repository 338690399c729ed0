using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch.Bulk;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// Everything <c>obs setup elasticsearch</c> installs, in dependency order: the ILM policy, component templates
/// (mappings from <see cref="FieldCatalog"/>, settings), index templates for our own streams only
/// (<see cref="ObsDataStreams"/>: <c>logs-obs.*-*</c>, <c>metrics-obs.*-*</c> with time series data streams for the
/// datasets in <see cref="ElasticsearchOptions.TimeSeriesDatasets"/>, <c>traces-obs.*-*</c>) and <c>obs-alerts-*</c>, and
/// the first alerts index behind the <c>obs-alerts</c> rollover alias. The patterns, not the priorities, keep us apart from Fleet, APM and OTel: none of
/// their streams has a dataset starting with <c>obs.</c>. The priorities only need to beat the built-in <c>logs</c>,
/// <c>metrics</c> (100) and OTel (<c>*.otel</c>, 150) templates whose broader patterns also cover ours, and to differ from
/// every overlapping template's (Elasticsearch refuses two overlapping templates of one priority).
/// </summary>
public static class TemplateBuilder
{
    public const int Priority = 250;
    public const int TimeSeriesPriority = 260;

    /// <summary>
    /// Alerts are written by id (a state change may be rewritten), which a data stream does not allow; so they age out
    /// the classic way: the write alias <see cref="BulkTarget.AlertsIndex"/> over <c>obs-alerts-000001</c>, <c>-000002</c>…,
    /// rolled over and deleted by the ILM policy <see cref="IlmPolicyBuilder.AlertsPolicyName"/>.
    /// </summary>
    public const string AlertsFirstIndex = BulkTarget.AlertsIndex + "-000001";

    public static IReadOnlyList<SetupResource> Plan(ElasticsearchOptions options)
    {
        // The first alerts index, the alias' write index; later ones come from rollover and the template. Named by the
        // alias: setup reads it through the alias, and the hash lives in _meta of the write index's mapping.
        var alertsIndex = new SetupResource(SetupKind.Index, BulkTarget.AlertsIndex, $"/{AlertsFirstIndex}", AlertsIndexBody(), b => (JsonObject)b["mappings"]!);
        // The alerts mappings carry that same _meta, so the index a rollover creates from them reads as installed and
        // the next run sends nothing.
        var alertsMappings = Mappings(AlertFields(), timeSeries: false);
        alertsMappings["mappings"]!["_meta"] = alertsIndex.Body["mappings"]!["_meta"]!.DeepClone();
        var list = new List<SetupResource>
        {
            new(SetupKind.LifecyclePolicy, IlmPolicyBuilder.PolicyName, $"/_ilm/policy/{IlmPolicyBuilder.PolicyName}", IlmPolicyBuilder.Body(options), b => (JsonObject)b["policy"]!),
            // Elasticsearch 9 makes new logs-*-* streams LogsDB, whose default is ignore_malformed: true (a value of the wrong
            // type is dropped from the document and it is stored). We keep the index mode the cluster picks and turn that
            // default off, so such a document is refused and dead-lettered with its reason, as in the other modes.
            Component("obs@settings", Settings(new JsonObject
            {
                ["lifecycle"] = new JsonObject { ["name"] = IlmPolicyBuilder.PolicyName },
                ["mapping"] = new JsonObject { ["ignore_malformed"] = false },
            })),
            new(SetupKind.LifecyclePolicy, IlmPolicyBuilder.AlertsPolicyName, $"/_ilm/policy/{IlmPolicyBuilder.AlertsPolicyName}", IlmPolicyBuilder.AlertsBody(options), b => (JsonObject)b["policy"]!),
            Component("obs-alerts@settings", Settings(new JsonObject
            {
                ["lifecycle"] = new JsonObject { ["name"] = IlmPolicyBuilder.AlertsPolicyName, ["rollover_alias"] = BulkTarget.AlertsIndex },
            })),
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
            Component("obs-alerts@mappings", alertsMappings),
            IndexTemplate("obs-logs", [ObsDataStreams.Pattern("logs")], ["obs-logs@mappings", "obs@settings"], Priority, dataStream: true),
            IndexTemplate("obs-metrics", [ObsDataStreams.Pattern("metrics")], ["obs-metrics@mappings", "obs@settings"], Priority, dataStream: true),
            IndexTemplate("obs-metrics-tsds", [.. TimeSeriesPatterns(options)], ["obs-metrics-tsds@mappings", "obs-metrics-tsds@settings"], TimeSeriesPriority, dataStream: true),
            IndexTemplate("obs-traces", [ObsDataStreams.Pattern("traces")], ["obs-traces@mappings", "obs@settings"], Priority, dataStream: true),
            IndexTemplate("obs-alerts", [$"{BulkTarget.AlertsIndex}-*"], ["obs-alerts@mappings", "obs-alerts@settings"], Priority, dataStream: false),
            alertsIndex,
        };
        return list;
    }

    public static IEnumerable<ObsField> LogFields() => FieldCatalog.Common.Concat(FieldCatalog.Logs).Concat(FieldCatalog.Training);

    public static IEnumerable<ObsField> MetricFields() => FieldCatalog.Common.Concat(FieldCatalog.Metrics);

    public static IEnumerable<ObsField> TraceFields() => FieldCatalog.Common.Concat(FieldCatalog.Traces).Concat(FieldCatalog.Training);

    /// <summary>The alerts index maps only what alert documents carry (see <see cref="FieldCatalog.Alerts"/>).</summary>
    public static IEnumerable<ObsField> AlertFields() => FieldCatalog.Alerts;

    /// <summary>Node and GPU metrics: the catalog's common fields (host.name etc. as dimensions) and the metric sets.</summary>
    public static IEnumerable<ObsField> TimeSeriesFields() => FieldCatalog.Common.Concat(FieldCatalog.SystemMetrics).Concat(FieldCatalog.Gpu);

    public static IEnumerable<string> TimeSeriesPatterns(ElasticsearchOptions options) =>
        options.TimeSeriesDatasets.Select(d => $"metrics-{ObsDataStreams.DatasetPrefix}{d}-*");

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
        ["aliases"] = new JsonObject { [BulkTarget.AlertsIndex] = new JsonObject { ["is_write_index"] = true } },
        ["mappings"] = new JsonObject
        {
            ["dynamic_templates"] = MappingBuilder.DynamicTemplates(),
            ["properties"] = MappingBuilder.Properties(Distinct(AlertFields()), timeSeries: false),
        },
    };

    private static IEnumerable<ObsField> Distinct(IEnumerable<ObsField> fields) => fields.DistinctBy(f => f.Name);
}
