using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary>
/// Pressure stall information from /proc/pressure/{cpu,memory,io}, as Metricbeat's linux module names it:
/// <c>linux.pressure.cpu.some.10.pct</c> (0–1 here, the kernel's percent / 100) and <c>….total.time.us</c>.
/// No document on kernels without PSI.
/// </summary>
public sealed class PressureMetrics(string procRoot) : IMetricSource
{
    public string Dataset => "linux.pressure";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        EcsDocument? doc = null;
        foreach (var resource in new[] { "cpu", "memory", "io" })
        {
            foreach (var line in ProcFiles.Lines(procRoot, Path.Combine("pressure", resource)))
            {
                var f = ProcFiles.Fields(line);
                if (f.Length < 5)
                {
                    continue;
                }

                doc ??= factory.Create(Dataset);
                foreach (var kv in f.Skip(1))
                {
                    var eq = kv.IndexOf('=', StringComparison.Ordinal);
                    if (eq < 0)
                    {
                        continue;
                    }

                    var (k, v) = (kv[..eq], kv[(eq + 1)..]);
                    if (k == "total")
                    {
                        doc.Set($"linux.pressure.{resource}.{f[0]}.total.time.us", ProcFiles.Long(v));
                    }
                    else if (k.StartsWith("avg", StringComparison.Ordinal))
                    {
                        doc.Set($"linux.pressure.{resource}.{f[0]}.{k[3..]}.pct", ProcFiles.Round(ProcFiles.Double(v) / 100));
                    }
                }
            }
        }

        return doc is null ? [] : [doc];
    }
}
