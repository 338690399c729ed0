using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary>
/// <c>system.cpu</c> from /proc/stat, Metricbeat's names: per mode <c>*.pct</c> (of all cores: up to cores×100%),
/// <c>*.norm.pct</c> (0–1), and <c>*.ticks</c> (cumulative, USER_HZ); <c>host.cpu.usage</c> as ECS has it.
/// Percentages need two samples: the first sample is since boot.
/// </summary>
public sealed class CpuMetrics(string procRoot) : IMetricSource
{
    private static readonly string[] Modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];
    private long[]? _previous;

    public string Dataset => "system.cpu";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var lines = ProcFiles.Lines(procRoot, "stat");
        var total = lines.FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (total is null)
        {
            return [];
        }

        var cores = lines.Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsDigit(l[3]));
        var f = ProcFiles.Fields(total);
        var ticks = new long[Modes.Length];
        for (var i = 0; i < Modes.Length && i + 1 < f.Length; i++)
        {
            ticks[i] = ProcFiles.Long(f[i + 1]);
        }

        var delta = _previous is null ? ticks : ticks.Zip(_previous, (a, b) => Math.Max(0, a - b)).ToArray();
        _previous = ticks;
        double sum = delta.Sum();
        var doc = factory.Create(Dataset);
        doc.Set("system.cpu.cores", (long)cores);
        for (var i = 0; i < Modes.Length; i++)
        {
            var norm = sum > 0 ? delta[i] / sum : 0;
            doc.Set($"system.cpu.{Modes[i]}.pct", ProcFiles.Round(norm * cores));
            doc.Set($"system.cpu.{Modes[i]}.norm.pct", ProcFiles.Round(norm));
            doc.Set($"system.cpu.{Modes[i]}.ticks", ticks[i]);
        }

        var busy = sum > 0 ? (sum - delta[3] - delta[4]) / sum : 0; // everything but idle and iowait, as Metricbeat
        doc.Set("system.cpu.total.pct", ProcFiles.Round(busy * cores));
        doc.Set("system.cpu.total.norm.pct", ProcFiles.Round(busy));
        doc.Set("host.cpu.usage", ProcFiles.Round(busy));
        return [doc];
    }
}
