using System.Text;

namespace Observability.Core.Metrics;

/// <summary>
/// docs/metrics.md: every metric of <see cref="MetricCatalog"/> in one table with its unit, type, role, OpenTelemetry
/// name and the reader that emits it (<c>obs config metrics</c> prints it; a test keeps the committed page equal to it).
/// </summary>
public static class MetricReference
{
    /// <summary>Who emits the fields under each name prefix; the first match wins.</summary>
    private static readonly (string Prefix, string Reader)[] Readers =
    [
        ("host.cpu.", "CpuMetrics (`system.cpu`)"),
        ("system.cpu.", "CpuMetrics (`system.cpu`)"),
        ("system.load.", "LoadMetrics (`system.load`)"),
        ("system.memory.", "MemoryMetrics (`system.memory`)"),
        ("system.filesystem.", "FilesystemMetrics (`system.filesystem`)"),
        ("system.diskio.", "DiskIoMetrics (`system.diskio`)"),
        ("system.network.", "NetworkMetrics (`system.network`)"),
        ("linux.pressure.", "PressureMetrics (`linux.pressure`)"),
        ("gpu.process.count", "GpuMetrics (`gpu.device`)"),
        ("gpu.process.", "GpuMetrics (`gpu.process`)"),
        ("gpu.xid.", "GpuMetrics (`gpu.xid`)"),
        ("gpu.", "GpuMetrics (`gpu.device`)"),
        ("agent.monitoring.", "AgentSelfMetrics (`agent.monitoring`)"),
        ("agent.file.", "AgentSelfMetrics (`agent.file`)"),
        ("obs.self.", "SelfTelemetryMetrics (`obs.self`)"),
        ("training.scheduler.", "SchedulerMetrics (training scheduler)"),
        ("training.", "training worker and scheduler (step documents, job spans and events)"),
        ("process.memory.", "StepTelemetryWriter (training worker)"),
    ];

    /// <summary>The reader (class and <c>event.dataset</c>) that emits <paramref name="field"/>.</summary>
    public static string Reader(MetricField field) =>
        Readers.FirstOrDefault(r => field.Name.StartsWith(r.Prefix, StringComparison.Ordinal)).Reader
        ?? throw new InvalidOperationException($"{field.Name} has no reader in {nameof(MetricReference)}");

    public static string Markdown()
    {
        var md = new StringBuilder();
        md.Append("""
            # Metrics

            Every metric the agent, the training workers and the scheduler emit, from `MetricCatalog`
            (`src/Observability.Core/Metrics/`), the one definition the agent, the Elasticsearch templates, the reports, the
            dashboards and the detectors read. This page is the output of `obs config metrics`; a test fails when it differs.

            - **unit**: the unit the value is written in. `ratio` is 0–1 (0.85 is 85 %); a `*.pct` marked *per core* is summed
              over CPU cores (up to the core count), as Metricbeat's `system.cpu.*.pct`.
            - **role**: `dimension` identifies a series (a host, a device, an interface), `gauge` is a level, `counter` only grows
              (take its rate per series).
            - **OTel**: the same quantity under OpenTelemetry's semantic conventions (system, process and hardware metrics), with
              the attributes that select this field's series in braces; for a dimension or a label, the attribute that carries
              its value. The unit stays ours: OTel's `system.cpu.time`, `system.disk.operation_time` and `system.disk.io_time`
              are in seconds where we write ticks or milliseconds. — means the conventions define no such metric: load averages,
              pressure stall information, CPU time summed over cores, `softirq`, Metricbeat's `used` memory (which includes the
              page cache OTel counts as `cached`), a file system's `free` (which includes the blocks reserved for root),
              `used.pct` of a file system (of used + available, as `df`, where OTel divides by the whole size), GPU temperature,
              clocks, throttling, PCIe rates, remapped rows, memory-controller busy time, and our own training and agent figures.

            | metric | unit | type | role | OTel | emitted by |
            |---|---|---|---|---|---|

            """);
        foreach (var field in MetricCatalog.Node.Concat(MetricCatalog.Gpu).Concat(MetricCatalog.Agent).Concat(MetricCatalog.Self).Concat(MetricCatalog.Training))
        {
            var unit = field.Unit == MetricUnit.None ? "—" : Lower(field.Unit) + (field.PerCore ? " (per core)" : "");
            var role = field.Role == MetricRole.None ? "—" : Lower(field.Role);
            var otel = field.Otel is null ? "—" : $"`{field.Otel}`";
            md.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{field.Name}` | {unit} | {Lower(field.Type)} | {role} | {otel} | {Reader(field)} |\n");
        }

        return md.ToString();
    }

    /// <summary><c>BytesPerSecond</c> as <c>bytes_per_second</c>.</summary>
    private static string Lower<T>(T value)
        where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
