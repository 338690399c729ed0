namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// The console's dashboards: a subset of the panels of <c>dashboards/cluster-overview.ndjson</c>, <c>gpu-fleet.ndjson</c>
/// and <c>node-metrics.ndjson</c>, with the same titles, filters and fields, drawn from the embedded store.
/// </summary>
internal static class Dashboards
{
    public static IReadOnlyDictionary<string, (string Title, IReadOnlyList<DashboardPanel> Panels)> All { get; } =
        new Dictionary<string, (string, IReadOnlyList<DashboardPanel>)>(StringComparer.Ordinal)
        {
            ["cluster-overview"] = ("Cluster overview",
            [
                new("Hosts reporting", PanelKind.Distinct, "metrics", Field: "host.name"),
                new("Error log lines", PanelKind.Count, "logs", "log.level:(error or critical or fatal)"),
                new("GPU utilisation by host", PanelKind.Series, "metrics", Field: "gpu.utilization.gpu.pct", SplitBy: "host.name"),
                new("CPU by host", PanelKind.Series, "metrics", Field: "system.cpu.total.norm.pct", SplitBy: "host.name"),
                new("Log rate by level", PanelKind.Count, "logs", SplitBy: "log.level"),
                new("Training step time by job", PanelKind.Series, "metrics", "event.dataset:training", "training.step.duration_ms", "training.job.id"),
            ]),
            ["gpu-fleet"] = ("GPU fleet",
            [
                new("GPUs reporting", PanelKind.Distinct, "metrics", Field: "gpu.uuid"),
                new("GPU utilisation by GPU", PanelKind.Series, "metrics", Field: "gpu.utilization.gpu.pct", SplitBy: "gpu.index"),
                new("GPU memory used by GPU", PanelKind.Series, "metrics", Field: "gpu.memory.used.pct", SplitBy: "gpu.index"),
                new("GPU temperature (max)", PanelKind.Series, "metrics", Field: "gpu.temperature.celsius", SplitBy: "host.name", Max: true),
                new("GPU power draw by GPU", PanelKind.Series, "metrics", Field: "gpu.power.usage.watts", SplitBy: "gpu.index"),
                new("XID errors", PanelKind.Count, "logs", "gpu.xid.code:*"),
            ]),
            ["node-metrics"] = ("Node metrics",
            [
                new("CPU usage by host (normalised)", PanelKind.Series, "metrics", Field: "system.cpu.total.norm.pct", SplitBy: "host.name"),
                new("Memory used by host", PanelKind.Series, "metrics", Field: "system.memory.actual.used.pct", SplitBy: "host.name"),
                new("Swap used by host", PanelKind.Series, "metrics", Field: "system.memory.swap.used.pct", SplitBy: "host.name"),
                new("Filesystem use", PanelKind.Series, "metrics", Field: "system.filesystem.used.pct", SplitBy: "system.filesystem.mount_point", Max: true),
            ]),
        };
}
