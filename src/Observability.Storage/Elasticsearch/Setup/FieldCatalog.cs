using static Observability.Storage.Elasticsearch.Setup.ObsField;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// The one list of fields our templates map. ECS fields use ECS's types (checked against <c>ecs_flat.yml</c> by a
/// test); node metrics follow Metricbeat's names; <c>gpu.*</c> follows Elastic's nvidia_gpu integration with
/// utilisation as a 0–1 ratio; <c>training.*</c> is ours. Dashboards may only use fields listed here (a test checks).
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

    /// <summary>Node metrics as the agent emits them, under Metricbeat's system module names; <c>*.pct</c> are 0–1 ratios.</summary>
    public static IReadOnlyList<ObsField> SystemMetrics { get; } =
    [
        new("host.cpu.usage", "scaled_float", FieldRole.Gauge, 1000),
        Long("system.cpu.cores", FieldRole.Gauge),
        Pct("system.cpu.total.pct"),
        Pct("system.cpu.total.norm.pct"),
        Long("system.load.cores", FieldRole.Gauge),
        Double("system.load.1"),
        Double("system.load.5"),
        Double("system.load.15"),
        Double("system.load.norm.1"),
        Double("system.load.norm.5"),
        Double("system.load.norm.15"),
        Long("system.memory.total", FieldRole.Gauge),
        Long("system.memory.free", FieldRole.Gauge),
        Long("system.memory.cached", FieldRole.Gauge),
        Long("system.memory.used.bytes", FieldRole.Gauge),
        Pct("system.memory.used.pct"),
        Long("system.memory.actual.used.bytes", FieldRole.Gauge),
        Long("system.memory.actual.free", FieldRole.Gauge),
        Pct("system.memory.actual.used.pct"),
        Long("system.memory.swap.total", FieldRole.Gauge),
        Long("system.memory.swap.free", FieldRole.Gauge),
        Long("system.memory.swap.used.bytes", FieldRole.Gauge),
        Pct("system.memory.swap.used.pct"),
        Keyword("system.filesystem.mount_point", FieldRole.Dimension),
        Keyword("system.filesystem.device_name"),
        Keyword("system.filesystem.type"),
        Long("system.filesystem.total", FieldRole.Gauge),
        Long("system.filesystem.free", FieldRole.Gauge),
        Long("system.filesystem.available", FieldRole.Gauge),
        Long("system.filesystem.used.bytes", FieldRole.Gauge),
        Pct("system.filesystem.used.pct"),
        Keyword("system.diskio.name", FieldRole.Dimension),
        Long("system.diskio.read.bytes", FieldRole.Counter),
        Long("system.diskio.write.bytes", FieldRole.Counter),
        Long("system.diskio.read.count", FieldRole.Counter),
        Long("system.diskio.write.count", FieldRole.Counter),
        Long("system.diskio.read.time", FieldRole.Counter),
        Long("system.diskio.write.time", FieldRole.Counter),
        Long("system.diskio.io.ops", FieldRole.Gauge),
        Long("system.diskio.io.time", FieldRole.Counter),
        Keyword("system.network.name", FieldRole.Dimension),
        Long("system.network.in.bytes", FieldRole.Counter),
        Long("system.network.out.bytes", FieldRole.Counter),
        Long("system.network.in.packets", FieldRole.Counter),
        Long("system.network.out.packets", FieldRole.Counter),
        Long("system.network.in.errors", FieldRole.Counter),
        Long("system.network.out.errors", FieldRole.Counter),
        Long("system.network.in.dropped", FieldRole.Counter),
        Long("system.network.out.dropped", FieldRole.Counter),
    ];

    /// <summary>GPU metrics and events as the agent emits them (NVML or nvidia-smi), one document per GPU (or GPU process) per sample.</summary>
    public static IReadOnlyList<ObsField> Gpu { get; } =
    [
        Keyword("gpu.uuid", FieldRole.Dimension),
        Long("gpu.index", FieldRole.Dimension),
        Keyword("gpu.name"),
        Keyword("gpu.source"),
        new("gpu.simulated", "boolean"),
        Pct("gpu.utilization.gpu.pct"),
        Pct("gpu.utilization.memory.pct"),
        Long("gpu.memory.total.bytes", FieldRole.Gauge),
        Long("gpu.memory.used.bytes", FieldRole.Gauge),
        Long("gpu.memory.free.bytes", FieldRole.Gauge),
        Long("gpu.memory.reserved.bytes", FieldRole.Gauge),
        Pct("gpu.memory.used.pct"),
        Double("gpu.temperature.celsius"),
        Double("gpu.power.usage.watts"),
        Double("gpu.energy.total.joules", FieldRole.Counter),
        Double("gpu.clock.sm.mhz"),
        Double("gpu.clock.memory.mhz"),
        Long("gpu.throttle.mask"),
        Keyword("gpu.throttle.reasons"),
        Long("gpu.ecc.corrected.total", FieldRole.Counter),
        Long("gpu.ecc.uncorrected.total", FieldRole.Counter),
        Double("gpu.pcie.tx.bytes_per_sec"),
        Double("gpu.pcie.rx.bytes_per_sec"),
        Long("gpu.remapped_rows.correctable", FieldRole.Gauge),
        Long("gpu.remapped_rows.uncorrectable", FieldRole.Gauge),
        new("gpu.remapped_rows.pending", "boolean"),
        new("gpu.remapped_rows.failed", "boolean"),
        Long("gpu.process.count", FieldRole.Gauge),
        Long("gpu.process.memory.used.bytes", FieldRole.Gauge),
        Long("gpu.xid.code"),
    ];

    /// <summary>The agent's own metrics (Filebeat-style monitoring) and per-file progress.</summary>
    public static IReadOnlyList<ObsField> AgentMetrics { get; } =
    [
        Long("agent.monitoring.files.watched", FieldRole.Gauge),
        Long("agent.monitoring.files.open", FieldRole.Gauge),
        Long("agent.monitoring.events.read", FieldRole.Counter),
        Long("agent.monitoring.events.sent", FieldRole.Counter),
        Long("agent.monitoring.events.dropped", FieldRole.Counter),
        Long("agent.monitoring.events.truncated", FieldRole.Counter),
        Long("agent.monitoring.events.invalid_utf8", FieldRole.Counter),
        Long("agent.monitoring.events.spooled", FieldRole.Counter),
        Long("agent.monitoring.events.replayed", FieldRole.Counter),
        Long("agent.monitoring.bytes.read", FieldRole.Counter),
        Long("agent.monitoring.bytes.behind", FieldRole.Gauge),
        Long("agent.monitoring.send.failures", FieldRole.Counter),
        Long("agent.monitoring.spool.bytes", FieldRole.Gauge),
        Long("agent.monitoring.memory.rss.bytes", FieldRole.Gauge),
        Double("agent.monitoring.cpu.total.seconds", FieldRole.Counter),
        Long("agent.file.size.bytes", FieldRole.Gauge),
        Long("agent.file.read.offset", FieldRole.Gauge),
        Long("agent.file.acked.offset", FieldRole.Gauge),
        Long("agent.file.behind.bytes", FieldRole.Gauge),
    ];

    /// <summary>
    /// Training jobs as the workers and scheduler emit them (step documents, span tags, scheduler gauges). The
    /// <c>training</c> object is mapped with <c>subobjects: false</c> because the workers send both
    /// <c>training.step</c> (a number) and <c>training.step.duration_ms</c>, which ordinary object mapping refuses.
    /// </summary>
    public static IReadOnlyList<ObsField> Training { get; } =
    [
        Keyword("training.job.id", FieldRole.Dimension),
        Keyword("training.job.name"),
        Keyword("training.job.owner"),
        Keyword("training.job.priority"),
        Keyword("training.job.state"),
        Long("training.rank", FieldRole.Dimension),
        Long("training.world_size"),
        Long("training.attempt"),
        Keyword("training.worker"),
        Long("training.workers"),
        Long("training.exit_code"),
        Long("training.epoch"),
        Long("training.step"),
        Double("training.step.duration_ms"),
        Keyword("training.phase"),
        Double("training.phase.data_ms"),
        Double("training.phase.forward_ms"),
        Double("training.phase.backward_ms"),
        Double("training.phase.communication_ms"),
        Double("training.phase.optimizer_ms"),
        Double("training.samples_per_second"),
        Long("training.samples", FieldRole.Counter),
        Double("training.loss"),
        Double("training.learning_rate"),
        Double("training.grad_norm"),
        Long("training.scheduler.queue_length", FieldRole.Gauge),
        Long("training.scheduler.running_jobs", FieldRole.Gauge),
        Long("training.scheduler.workers", FieldRole.Gauge),
        Double("training.scheduler.gpu_allocation_ratio"),
        Double("training.scheduler.queue_wait"),
        Long("process.memory.rss", FieldRole.Gauge),
    ];

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
    public static IEnumerable<ObsField> All => Common.Concat(Logs).Concat(SystemMetrics).Concat(Gpu).Concat(AgentMetrics).Concat(Training).Concat(Traces).Concat(Alerts);

    /// <summary>Metric fields stored in <c>metrics-*</c> streams.</summary>
    public static IEnumerable<ObsField> Metrics => SystemMetrics.Concat(Gpu).Concat(AgentMetrics).Concat(Training);

    /// <summary>Objects mapped with <c>subobjects: false</c>: their dotted names are leaves, so a name may be both a value and a prefix.</summary>
    public static IReadOnlyList<string> FlatObjects { get; } = ["training"];
}
