using Observability.Core.Metrics;
using static Observability.Storage.Elasticsearch.Setup.ObsField;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// The one list of fields our templates map. ECS fields use ECS's types (checked against <c>ecs_flat.yml</c> by a
/// test); the metrics come from <see cref="MetricCatalog"/> (their one definition: type, unit, role). Dashboards may only use fields listed here (a test checks).
/// </summary>
public static class FieldCatalog
{
    /// <summary>Fields every stream and the alerts index share.</summary>
    public static IReadOnlyList<ObsField> Common { get; } =
    [
        Date("@timestamp"),
        new("message", "match_only_text"),
        Keyword("tags"),
        Keyword("log.level"),
        Keyword("log.logger"),
        Keyword("log.file.path"),
        Keyword("log.origin.file.name"),
        Keyword("host.name", FieldRole.Dimension),
        Keyword("host.hostname"),
        Keyword("host.id"),
        new("host.ip", "ip"),
        Keyword("host.architecture"),
        Keyword("host.os.name"),
        Keyword("service.name", FieldRole.Dimension),
        Keyword("service.version"),
        Keyword("service.environment"),
        Keyword("service.type"),
        Keyword("service.node.name"),
        Keyword("trace.id"),
        Keyword("span.id"),
        Keyword("transaction.id"),
        Keyword("event.id"),
        Keyword("event.dataset", FieldRole.Dimension),
        Keyword("event.module"),
        Keyword("event.kind"),
        Keyword("event.category"),
        Keyword("event.type"),
        Keyword("event.action"),
        Keyword("event.outcome"),
        Keyword("event.reason"),
        Keyword("event.code"),
        Keyword("event.provider"),
        new("event.original", "keyword"),
        Date("event.ingested"),
        Date("event.created"),
        Date("event.start"),
        Date("event.end"),
        Long("event.duration"),
        Long("event.severity"),
        Long("event.sequence"),
        new("data_stream.type", "constant_keyword"),
        new("data_stream.dataset", "constant_keyword"),
        new("data_stream.namespace", "constant_keyword"),
        new("error.message", "match_only_text"),
        Keyword("error.type"),
        Keyword("error.code"),
        new("error.stack_trace", "wildcard"),
        Keyword("agent.type"),
        Keyword("agent.name"),
        Keyword("agent.version"),
        Keyword("agent.id"),
        Keyword("ecs.version"),
        Long("process.pid", FieldRole.Dimension),
        Keyword("process.name"),
        Long("process.exit_code"),
        Keyword("container.id"),
        Keyword("orchestrator.cluster.name"),
        Keyword("user.name"),
        Keyword("metricset.name"),
    ];

    /// <summary>Where a log line came from in its file (not in ECS 9; Filebeat maps it as long).</summary>
    public static IReadOnlyList<ObsField> Logs { get; } =
    [
        Long("log.offset"),
        Keyword("log.pattern.id"),
        Keyword("log.pattern.template"),
    ];

    /// <summary>Node metrics as the agent emits them (<see cref="MetricCatalog.Node"/>); ratios are <c>scaled_float</c>.</summary>
    public static IReadOnlyList<ObsField> SystemMetrics { get; } = [.. MetricCatalog.Node.Select(ObsField.From)];

    /// <summary>GPU metrics and events as the agent emits them (<see cref="MetricCatalog.Gpu"/>).</summary>
    public static IReadOnlyList<ObsField> Gpu { get; } = [.. MetricCatalog.Gpu.Select(ObsField.From)];

    /// <summary>The agent's own metrics and per-file progress (<see cref="MetricCatalog.Agent"/>).</summary>
    public static IReadOnlyList<ObsField> AgentMetrics { get; } = [.. MetricCatalog.Agent.Select(ObsField.From)];

    /// <summary>The stack's own figures, <c>event.dataset: obs.self</c> (<see cref="MetricCatalog.Self"/>).</summary>
    public static IReadOnlyList<ObsField> SelfMetrics { get; } = [.. MetricCatalog.Self.Select(ObsField.From)];

    /// <summary>
    /// Training jobs as the workers and scheduler emit them (<see cref="MetricCatalog.Training"/>). The <c>training</c>
    /// object is mapped with <c>subobjects: false</c> because the workers send both <c>training.step</c> (a number) and
    /// <c>training.step.duration_ms</c>, which ordinary object mapping refuses.
    /// </summary>
    public static IReadOnlyList<ObsField> Training { get; } = [.. MetricCatalog.Training.Select(ObsField.From)];

    /// <summary>Spans (traces-*): OpenTelemetry activities in ECS names, as the training exporter writes them.</summary>
    public static IReadOnlyList<ObsField> Traces { get; } =
    [
        Keyword("parent.id"),
        Keyword("span.name"),
        Keyword("span.kind"),
    ];

    /// <summary>
    /// The <c>obs-alerts</c> index: alert state changes as the detector writes them — <c>alert.*</c>, annotations,
    /// and the alert's labels both under <c>labels.*</c> (ECS) and bare at the top level. The bare labels
    /// (<c>host</c>, <c>service</c>, <c>gpu</c>, …) are why this index does not map the ECS objects of the same names.
    /// </summary>
    public static IReadOnlyList<ObsField> Alerts { get; } =
    [
        Date("@timestamp"),
        new("message", "match_only_text"),
        Keyword("tags"),
        Keyword("event.id"),
        Keyword("event.kind"),
        Keyword("event.dataset"),
        Keyword("ecs.version"),
        Keyword("alert.name"),
        Keyword("alert.state"),
        Keyword("alert.fingerprint"),
        Double("alert.score"),
        Date("alert.starts_at"),
        Date("alert.ends_at"),
        new("annotations.summary", "match_only_text"),
        new("annotations.description", "match_only_text"),
        Keyword("labels.alertname"),
        Keyword("labels.severity"),
        Keyword("labels.host"),
        Keyword("labels.gpu"),
        Keyword("labels.job"),
        Keyword("labels.rank"),
        Keyword("labels.service"),
        Keyword("labels.detector"),
        Keyword("labels.kind"),
        Keyword("alertname"),
        Keyword("severity"),
        Keyword("host"),
        Keyword("gpu"),
        Keyword("job"),
        Keyword("rank"),
        Keyword("service"),
        Keyword("detector"),
        Keyword("kind"),
    ];

    /// <summary>Every field in the catalog (by name; a name listed twice has one type, which a test checks).</summary>
    public static IEnumerable<ObsField> All => Common.Concat(Logs).Concat(SystemMetrics).Concat(Gpu).Concat(AgentMetrics).Concat(SelfMetrics).Concat(Training).Concat(Traces).Concat(Alerts);

    /// <summary>Metric fields stored in <c>metrics-*</c> streams.</summary>
    public static IEnumerable<ObsField> Metrics => SystemMetrics.Concat(Gpu).Concat(AgentMetrics).Concat(SelfMetrics).Concat(Training);

    /// <summary>Fields kept in <c>_source</c> only (ECS maps <c>event.original</c> with <c>index: false</c>): never searched.</summary>
    public static IReadOnlySet<string> SourceOnly { get; } = new HashSet<string>(StringComparer.Ordinal) { "event.original" };

    /// <summary>Objects mapped with <c>subobjects: false</c>: their dotted names are leaves, so a name may be both a value and a prefix.</summary>
    public static IReadOnlyList<string> FlatObjects { get; } = ["training"];
}
