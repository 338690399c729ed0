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
        Long("process.pid"),
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

    /// <summary>Node metrics under Metricbeat's system module names; <c>*.pct</c> are 0–1 ratios.</summary>
    public static IReadOnlyList<ObsField> SystemMetrics { get; } =
    [
        new("host.cpu.usage", "scaled_float", FieldRole.Gauge, 1000),
        Long("system.cpu.cores", FieldRole.Gauge),
        Pct("system.cpu.total.pct"),
        Pct("system.cpu.total.norm.pct"),
        Pct("system.cpu.user.norm.pct"),
        Pct("system.cpu.system.norm.pct"),
        Pct("system.cpu.iowait.norm.pct"),
        Pct("system.cpu.idle.norm.pct"),
        Double("system.load.1"),
        Double("system.load.5"),
        Double("system.load.15"),
        Long("system.memory.total", FieldRole.Gauge),
        Long("system.memory.free", FieldRole.Gauge),
        Long("system.memory.used.bytes", FieldRole.Gauge),
        Pct("system.memory.used.pct"),
        Long("system.memory.actual.used.bytes", FieldRole.Gauge),
        Long("system.memory.actual.free", FieldRole.Gauge),
        Pct("system.memory.actual.used.pct"),
        Long("system.memory.swap.used.bytes", FieldRole.Gauge),
        Pct("system.memory.swap.used.pct"),
        Keyword("system.filesystem.mount_point", FieldRole.Dimension),
        Keyword("system.filesystem.device_name"),
        Long("system.filesystem.total", FieldRole.Gauge),
        Long("system.filesystem.used.bytes", FieldRole.Gauge),
        Long("system.filesystem.available", FieldRole.Gauge),
        Pct("system.filesystem.used.pct"),
        Keyword("system.diskio.name", FieldRole.Dimension),
        Long("system.diskio.read.bytes", FieldRole.Counter),
        Long("system.diskio.write.bytes", FieldRole.Counter),
        Long("system.diskio.read.count", FieldRole.Counter),
        Long("system.diskio.write.count", FieldRole.Counter),
        Keyword("system.network.name", FieldRole.Dimension),
        Long("system.network.in.bytes", FieldRole.Counter),
        Long("system.network.out.bytes", FieldRole.Counter),
        Long("system.network.in.packets", FieldRole.Counter),
        Long("system.network.out.packets", FieldRole.Counter),
        Long("system.network.in.errors", FieldRole.Counter),
        Long("system.network.out.errors", FieldRole.Counter),
        Long("system.network.in.dropped", FieldRole.Counter),
        Long("system.network.out.dropped", FieldRole.Counter),
        Long("system.process.count", FieldRole.Gauge),
    ];

    /// <summary>GPU metrics and events (NVML), one document per GPU per sample; <c>gpu.uuid</c> identifies the series.</summary>
    public static IReadOnlyList<ObsField> Gpu { get; } =
    [
        Keyword("gpu.uuid", FieldRole.Dimension),
        Keyword("gpu.index", FieldRole.Dimension),
        Keyword("gpu.name"),
        Keyword("gpu.driver.version"),
        Keyword("gpu.pci.bus_id"),
        new("gpu.simulated", "boolean"),
        Pct("gpu.utilization.gpu.pct"),
        Pct("gpu.utilization.memory.pct"),
        Long("gpu.memory.total.bytes", FieldRole.Gauge),
        Long("gpu.memory.used.bytes", FieldRole.Gauge),
        Long("gpu.memory.free.bytes", FieldRole.Gauge),
        Pct("gpu.memory.used.pct"),
        Double("gpu.temperature.celsius"),
        Double("gpu.power.usage.watts"),
        Double("gpu.power.limit.watts"),
        Double("gpu.clock.sm.mhz"),
        Double("gpu.clock.memory.mhz"),
        Pct("gpu.fan.speed.pct"),
        Keyword("gpu.throttle.reasons"),
        new("gpu.throttle.active", "boolean"),
        Long("gpu.xid.code"),
        Long("gpu.ecc.corrected", FieldRole.Counter),
        Long("gpu.ecc.uncorrected", FieldRole.Counter),
        Long("gpu.pcie.rx.bytes", FieldRole.Counter),
        Long("gpu.pcie.tx.bytes", FieldRole.Counter),
    ];

    /// <summary>Training jobs: metrics per rank and step (step time and its phases, throughput, loss) and job events.</summary>
    public static IReadOnlyList<ObsField> Training { get; } =
    [
        Keyword("training.job.id", FieldRole.Dimension),
        Keyword("training.job.name"),
        Keyword("training.job.state"),
        Keyword("training.job.priority"),
        Long("training.rank", FieldRole.Dimension),
        Long("training.world_size"),
        Long("training.attempt"),
        Long("training.epoch"),
        Long("training.step"),
        Double("training.loss"),
        Double("training.learning_rate"),
        Double("training.step_time.ms"),
        Double("training.phase.data.ms"),
        Double("training.phase.forward.ms"),
        Double("training.phase.backward.ms"),
        Double("training.phase.optimizer.ms"),
        Double("training.phase.allreduce.ms"),
        Double("training.throughput.samples_per_sec"),
        Double("training.throughput.tokens_per_sec"),
    ];

    /// <summary>Spans (traces-*): OpenTelemetry-style spans in ECS names.</summary>
    public static IReadOnlyList<ObsField> Traces { get; } =
    [
        Keyword("span.name"),
        Keyword("span.kind"),
        Keyword("span.parent.id"),
        Keyword("span.status.code"),
    ];

    /// <summary>The <c>obs-alerts</c> index: anomalies and rule alerts with their lifecycle.</summary>
    public static IReadOnlyList<ObsField> Alerts { get; } =
    [
        Keyword("rule.id"),
        Keyword("rule.name"),
        Keyword("rule.category"),
        Keyword("rule.description"),
        Keyword("alert.id"),
        Keyword("alert.status"),
        Keyword("alert.severity"),
        Keyword("alert.fingerprint"),
        Date("alert.started_at"),
        Date("alert.resolved_at"),
        new("alert.summary", "match_only_text"),
        Keyword("anomaly.detector"),
        Double("anomaly.score"),
        Double("anomaly.value"),
        Double("anomaly.expected"),
        Keyword("anomaly.field"),
        Keyword("gpu.uuid"),
        Keyword("training.job.id"),
        Long("training.rank"),
    ];

    /// <summary>Every field in the catalog (by name; a name listed twice has one type, which a test checks).</summary>
    public static IEnumerable<ObsField> All => Common.Concat(Logs).Concat(SystemMetrics).Concat(Gpu).Concat(Training).Concat(Traces).Concat(Alerts);

    /// <summary>Metric fields stored in <c>metrics-*</c> streams.</summary>
    public static IEnumerable<ObsField> Metrics => SystemMetrics.Concat(Gpu).Concat(Training);
}
