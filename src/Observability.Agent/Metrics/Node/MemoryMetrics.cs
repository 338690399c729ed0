using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary><c>system.memory</c> from /proc/meminfo (bytes), with Metricbeat's <c>actual.*</c> (from MemAvailable) and swap.</summary>
public sealed class MemoryMetrics(string procRoot) : IMetricSource
{
    public string Dataset => "system.memory";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var info = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in ProcFiles.Lines(procRoot, "meminfo"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var f = ProcFiles.Fields(line[(colon + 1)..]);
                if (f.Length > 0)
                {
                    info[line[..colon]] = ProcFiles.Long(f[0]) * (f.Length > 1 && f[1] == "kB" ? 1024 : 1);
                }
            }
        }

        if (!info.TryGetValue("MemTotal", out var total))
        {
            return [];
        }

        var free = info.GetValueOrDefault("MemFree");
        var available = info.GetValueOrDefault("MemAvailable", free + info.GetValueOrDefault("Buffers") + info.GetValueOrDefault("Cached"));
        var swapTotal = info.GetValueOrDefault("SwapTotal");
        var swapFree = info.GetValueOrDefault("SwapFree");
        var doc = factory.Create(Dataset);
        doc.Set("system.memory.total", total);
        doc.Set("system.memory.free", free);
        doc.Set("system.memory.cached", info.GetValueOrDefault("Cached"));
        doc.Set("system.memory.used.bytes", total - free);
        doc.Set("system.memory.used.pct", ProcFiles.Round((double)(total - free) / total));
        doc.Set("system.memory.actual.free", available);
        doc.Set("system.memory.actual.used.bytes", total - available);
        doc.Set("system.memory.actual.used.pct", ProcFiles.Round((double)(total - available) / total));
        doc.Set("system.memory.swap.total", swapTotal);
        doc.Set("system.memory.swap.free", swapFree);
        doc.Set("system.memory.swap.used.bytes", swapTotal - swapFree);
        doc.Set("system.memory.swap.used.pct", swapTotal > 0 ? ProcFiles.Round((double)(swapTotal - swapFree) / swapTotal) : 0.0);
        return [doc];
    }
}
