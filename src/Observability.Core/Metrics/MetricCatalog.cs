using static Observability.Core.Metrics.MetricRole;
using static Observability.Core.Metrics.MetricUnit;

namespace Observability.Core.Metrics;

/// <summary>
/// The one definition of every metric the agent, the training workers and the scheduler emit: name (ECS, Metricbeat's
/// <c>system</c> module, Elastic's nvidia_gpu integration, ours for <c>training.*</c>), value type, unit and role. The
/// agent writes these names, the Elasticsearch templates map them from here (ratios as <c>scaled_float</c>), the reports
/// and detectors read names and units from here, and a test walks each metric the agent emits through every consumer.
/// Each field also names its OpenTelemetry semantic-conventions counterpart where one exists (<see cref="MetricField.Otel"/>);
/// docs/metrics.md is <see cref="MetricReference.Markdown"/> of this catalog.
/// </summary>
public static class MetricCatalog
{
    public static MetricField GpuUtilization { get; } = Gauge("gpu.utilization.gpu.pct", Ratio).WithOtel("hw.gpu.utilization", "hw.gpu.task=general");

    public static MetricField GpuMemoryUtilization { get; } = Gauge("gpu.utilization.memory.pct", Ratio);

    public static MetricField GpuMemoryUsedRatio { get; } = Gauge("gpu.memory.used.pct", Ratio).WithOtel("hw.gpu.memory.utilization");

    public static MetricField GpuTemperature { get; } = Gauge("gpu.temperature.celsius", Celsius);

    public static MetricField GpuPower { get; } = Gauge("gpu.power.usage.watts", Watts).WithOtel("hw.gpu.power");

    public static MetricField GpuSmClock { get; } = Gauge("gpu.clock.sm.mhz", Megahertz);

    public static MetricField GpuThrottleMask { get; } = new("gpu.throttle.mask", MetricType.Long);

    public static MetricField GpuEccUncorrected { get; } = new MetricField("gpu.ecc.uncorrected.total", MetricType.Long, Count, Counter).WithOtel("hw.errors", "hw.type=gpu, error.type=uncorrected");

    public static MetricField StepDuration { get; } = Gauge("training.step.duration_ms", Milliseconds);

    public static MetricField SamplesPerSecond { get; } = Gauge("training.samples_per_second", PerSecond);

    /// <summary>Node metrics as the agent emits them, under Metricbeat's <c>system</c> module names.</summary>
    public static IReadOnlyList<MetricField> Node { get; } =
    [
        Gauge("host.cpu.usage", Ratio),
        new MetricField("system.cpu.cores", MetricType.Long, Count, MetricRole.Gauge).WithOtel("system.cpu.logical.count"),
        new("system.cpu.total.pct", MetricType.Double, Ratio, MetricRole.Gauge, PerCore: true),
        Gauge("system.cpu.total.norm.pct", Ratio),
        .. CpuModes(),
        new("system.load.cores", MetricType.Long, Count, MetricRole.Gauge),
        Gauge("system.load.1"),
        Gauge("system.load.5"),
        Gauge("system.load.15"),
        Gauge("system.load.norm.1"),
        Gauge("system.load.norm.5"),
        Gauge("system.load.norm.15"),
        Level("system.memory.total", Bytes).WithOtel("system.memory.limit"),
        Level("system.memory.free", Bytes).WithOtel("system.memory.usage", "system.memory.state=free"),
        Level("system.memory.cached", Bytes).WithOtel("system.memory.usage", "system.memory.state=cached"),
        Level("system.memory.used.bytes", Bytes),
        Gauge("system.memory.used.pct", Ratio),
        Level("system.memory.actual.used.bytes", Bytes).WithOtel("system.memory.usage", "system.memory.state=used"),
        Level("system.memory.actual.free", Bytes).WithOtel("system.memory.linux.available"),
        Gauge("system.memory.actual.used.pct", Ratio).WithOtel("system.memory.utilization", "system.memory.state=used"),
        Level("system.memory.swap.total", Bytes),
        Level("system.memory.swap.free", Bytes).WithOtel("system.paging.usage", "system.paging.state=free"),
        Level("system.memory.swap.used.bytes", Bytes).WithOtel("system.paging.usage", "system.paging.state=used"),
        Gauge("system.memory.swap.used.pct", Ratio).WithOtel("system.paging.utilization", "system.paging.state=used"),
        Dimension("system.filesystem.mount_point").WithOtel("system.filesystem.mountpoint"),
        Label("system.filesystem.device_name").WithOtel("system.device"),
        Label("system.filesystem.type").WithOtel("system.filesystem.type"),
        Level("system.filesystem.total", Bytes).WithOtel("system.filesystem.limit"),
        Level("system.filesystem.free", Bytes),
        Level("system.filesystem.available", Bytes).WithOtel("system.filesystem.usage", "system.filesystem.state=free"),
        Level("system.filesystem.used.bytes", Bytes).WithOtel("system.filesystem.usage", "system.filesystem.state=used"),
        Gauge("system.filesystem.used.pct", Ratio),
        Dimension("system.diskio.name").WithOtel("system.device"),
        Total("system.diskio.read.bytes", Bytes).WithOtel("system.disk.io", "disk.io.direction=read"),
        Total("system.diskio.write.bytes", Bytes).WithOtel("system.disk.io", "disk.io.direction=write"),
        Total("system.diskio.read.count", Count).WithOtel("system.disk.operations", "disk.io.direction=read"),
        Total("system.diskio.write.count", Count).WithOtel("system.disk.operations", "disk.io.direction=write"),
        Total("system.diskio.read.time", Milliseconds).WithOtel("system.disk.operation_time", "disk.io.direction=read"),
        Total("system.diskio.write.time", Milliseconds).WithOtel("system.disk.operation_time", "disk.io.direction=write"),
        Level("system.diskio.io.ops", Count),
        Total("system.diskio.io.time", Milliseconds).WithOtel("system.disk.io_time"),
        Dimension("system.network.name").WithOtel("network.interface.name"),
        Total("system.network.in.bytes", Bytes).WithOtel("system.network.io", "network.io.direction=receive"),
        Total("system.network.out.bytes", Bytes).WithOtel("system.network.io", "network.io.direction=transmit"),
        Total("system.network.in.packets", Count).WithOtel("system.network.packet.count", "network.io.direction=receive"),
        Total("system.network.out.packets", Count).WithOtel("system.network.packet.count", "network.io.direction=transmit"),
        Total("system.network.in.errors", Count).WithOtel("system.network.errors", "network.io.direction=receive"),
        Total("system.network.out.errors", Count).WithOtel("system.network.errors", "network.io.direction=transmit"),
        Total("system.network.in.dropped", Count).WithOtel("system.network.packet.dropped", "network.io.direction=receive"),
        Total("system.network.out.dropped", Count).WithOtel("system.network.packet.dropped", "network.io.direction=transmit"),
        .. Pressure(),
    ];

    /// <summary>GPU metrics and events as the agent emits them (NVML or nvidia-smi), one document per GPU (or GPU process) per sample.</summary>
    public static IReadOnlyList<MetricField> Gpu { get; } =
    [
        Dimension("gpu.uuid").WithOtel("hw.id"),
        new("gpu.index", MetricType.Long, MetricUnit.None, MetricRole.Dimension),
        Label("gpu.name").WithOtel("hw.gpu.model"),
        Label("gpu.source"),
        new("gpu.simulated", MetricType.Boolean),
        GpuUtilization,
        GpuMemoryUtilization,
        Level("gpu.memory.total.bytes", Bytes).WithOtel("hw.gpu.memory.limit"),
        Level("gpu.memory.used.bytes", Bytes).WithOtel("hw.gpu.memory.usage"),
        Level("gpu.memory.free.bytes", Bytes),
        Level("gpu.memory.reserved.bytes", Bytes),
        GpuMemoryUsedRatio,
        GpuTemperature,
        GpuPower,
        new MetricField("gpu.energy.total.joules", MetricType.Double, Joules, Counter).WithOtel("hw.energy", "hw.type=gpu"),
        GpuSmClock,
        Gauge("gpu.clock.memory.mhz", Megahertz),
        GpuThrottleMask,
        Label("gpu.throttle.reasons"),
        new MetricField("gpu.ecc.corrected.total", MetricType.Long, Count, Counter).WithOtel("hw.errors", "hw.type=gpu, error.type=corrected"),
        GpuEccUncorrected,
        Gauge("gpu.pcie.tx.bytes_per_sec", BytesPerSecond),
        Gauge("gpu.pcie.rx.bytes_per_sec", BytesPerSecond),
        Level("gpu.remapped_rows.correctable", Count),
        Level("gpu.remapped_rows.uncorrectable", Count),
        new("gpu.remapped_rows.pending", MetricType.Boolean),
        new("gpu.remapped_rows.failed", MetricType.Boolean),
        Level("gpu.process.count", Count),
        Level("gpu.process.memory.used.bytes", Bytes),
        new("gpu.xid.code", MetricType.Long),
    ];

    /// <summary>The agent's own metrics (Filebeat-style monitoring) and per-file progress.</summary>
    public static IReadOnlyList<MetricField> Agent { get; } =
    [
        Level("agent.monitoring.files.watched", Count),
        Level("agent.monitoring.files.open", Count),
        Total("agent.monitoring.events.read", Count),
        Total("agent.monitoring.events.sent", Count),
        Total("agent.monitoring.events.dropped", Count),
        Total("agent.monitoring.events.dead_lettered", Count),
        Total("agent.monitoring.events.truncated", Count),
        Total("agent.monitoring.events.invalid_utf8", Count),
        Total("agent.monitoring.events.spooled", Count),
        Total("agent.monitoring.events.replayed", Count),
        Total("agent.monitoring.bytes.read", Bytes),
        Level("agent.monitoring.bytes.behind", Bytes),
        Total("agent.monitoring.send.failures", Count),
        Level("agent.monitoring.spool.bytes", Bytes),
        Level("agent.monitoring.memory.rss.bytes", Bytes).WithOtel("process.memory.usage"),
        new MetricField("agent.monitoring.cpu.total.seconds", MetricType.Double, Seconds, Counter).WithOtel("process.cpu.time"),
        Level("agent.file.size.bytes", Bytes),
        Level("agent.file.read.offset", Bytes),
        Level("agent.file.acked.offset", Bytes),
        Level("agent.file.behind.bytes", Bytes),
    ];

    /// <summary>
    /// The stack's own figures (<c>event.dataset: obs.self</c>, see <c>Observability.Core.Telemetry</c>): one document per
    /// component, figure and reason; <c>obs.self.value</c> is a counter's total or a gauge's level as <c>obs.self.kind</c> says.
    /// </summary>
    public static IReadOnlyList<MetricField> Self { get; } =
    [
        Dimension("obs.self.component"),
        Dimension("obs.self.name"),
        Dimension("obs.self.reason"),
        Label("obs.self.kind"),
        Level("obs.self.value", Count),
    ];

    /// <summary>Training jobs as the workers and scheduler emit them (step documents, span tags, scheduler gauges).</summary>
    public static IReadOnlyList<MetricField> Training { get; } =
    [
        Dimension("training.job.id"),
        Label("training.job.name"),
        Label("training.job.owner"),
        Label("training.job.priority"),
        Label("training.job.state"),
        new("training.rank", MetricType.Long, MetricUnit.None, MetricRole.Dimension),
        new("training.world_size", MetricType.Long),
        new("training.attempt", MetricType.Long),
        Label("training.worker"),
        new("training.workers", MetricType.Long),
        new("training.exit_code", MetricType.Long),
        new("training.epoch", MetricType.Long),
        new("training.step", MetricType.Long),
        StepDuration,
        Label("training.phase"),
        Gauge("training.phase.data_ms", Milliseconds),
        Gauge("training.phase.forward_ms", Milliseconds),
        Gauge("training.phase.backward_ms", Milliseconds),
        Gauge("training.phase.communication_ms", Milliseconds),
        Gauge("training.phase.optimizer_ms", Milliseconds),
        SamplesPerSecond,
        Total("training.samples", Count),
        Gauge("training.loss"),
        Gauge("training.learning_rate"),
        Gauge("training.grad_norm"),
        Level("training.scheduler.queue_length", Count),
        Level("training.scheduler.running_jobs", Count),
        Level("training.scheduler.workers", Count),
        Gauge("training.scheduler.gpu_allocation_ratio", Ratio),
        Gauge("training.scheduler.queue_wait", Seconds),
        Level("process.memory.rss", Bytes).WithOtel("process.memory.usage"),
    ];

    private static readonly Dictionary<string, MetricField> ByName =
        Node.Concat(Gpu).Concat(Agent).Concat(Self).Concat(Training).ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Every metric field, each once.</summary>
    public static IEnumerable<MetricField> All => ByName.Values;

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricField? field) => ByName.TryGetValue(name, out field);

    public static MetricField Get(string name) => ByName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"{name} is not in the metric catalog");

    /// <summary>Time per CPU mode (<c>/proc/stat</c>), as Metricbeat's <c>system.cpu</c>: summed over cores, per core, and in ticks.</summary>
    private static IEnumerable<MetricField> CpuModes() =>
        ((string[])["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]).SelectMany(mode => (MetricField[])
        [
            new($"system.cpu.{mode}.pct", MetricType.Double, Ratio, MetricRole.Gauge, PerCore: true),
            Gauge($"system.cpu.{mode}.norm.pct", Ratio).WithOtel(OtelCpuMode(mode) is { } m ? new("system.cpu.utilization", $"cpu.mode={m}") : null),
            Total($"system.cpu.{mode}.ticks", Count).WithOtel(OtelCpuMode(mode) is { } t ? new("system.cpu.time", $"cpu.mode={t}") : null),
        ]);

    /// <summary>OTel's <c>cpu.mode</c> for a /proc/stat column: <c>irq</c> is <c>interrupt</c>; <c>softirq</c> has no mode of its own there.</summary>
    private static string? OtelCpuMode(string mode) => mode switch
    {
        "irq" => "interrupt",
        "softirq" => null,
        _ => mode,
    };

    /// <summary>Linux pressure stall information (<c>/proc/pressure/*</c>), named as Metricbeat's <c>linux.pressure</c>: the share of time stalled over 10/60/300 s, and the total.</summary>
    private static IEnumerable<MetricField> Pressure() =>
        from resource in (string[])["cpu", "memory", "io"]
        from kind in (string[])["some", "full"]
        from field in (string[])["10", "60", "300", "total"]
        select field == "total"
            ? Total($"linux.pressure.{resource}.{kind}.total.time.us", Microseconds)
            : Gauge($"linux.pressure.{resource}.{kind}.{field}.pct", Ratio);

    private static MetricField Gauge(string name, MetricUnit unit = MetricUnit.None) => new(name, MetricType.Double, unit, MetricRole.Gauge);

    private static MetricField Level(string name, MetricUnit unit) => new(name, MetricType.Long, unit, MetricRole.Gauge);

    private static MetricField Total(string name, MetricUnit unit) => new(name, MetricType.Long, unit, Counter);

    private static MetricField Dimension(string name) => new(name, MetricType.Keyword, MetricUnit.None, MetricRole.Dimension);

    private static MetricField Label(string name) => new(name, MetricType.Keyword);

    private static MetricField WithOtel(this MetricField field, string name, string? attributes = null) => field with { Otel = new(name, attributes) };

    private static MetricField WithOtel(this MetricField field, OtelName? otel) => field with { Otel = otel };
}
