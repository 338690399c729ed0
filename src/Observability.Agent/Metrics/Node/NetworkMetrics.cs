using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary>
/// <c>system.network</c> from /proc/net/dev (with <see cref="MetricsOptions.HostFs"/>, the host's /proc/1/net/dev): one
/// document per interface, cumulative counters.
/// </summary>
public sealed class NetworkMetrics(NodePaths paths) : IMetricSource
{
    public NetworkMetrics(string procRoot)
        : this(NodePaths.Local(procRoot))
    {
    }

    public string Dataset => "system.network";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var docs = new List<EcsDocument>();
        foreach (var line in ProcFiles.Lines(paths.ProcRoot, paths.NetDev).Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var f = ProcFiles.Fields(line[(colon + 1)..]);
            if (f.Length < 16)
            {
                continue;
            }

            var doc = factory.Create(Dataset, name);
            doc.Set("system.network.name", name);
            doc.Set("system.network.in.bytes", ProcFiles.Long(f[0]));
            doc.Set("system.network.in.packets", ProcFiles.Long(f[1]));
            doc.Set("system.network.in.errors", ProcFiles.Long(f[2]));
            doc.Set("system.network.in.dropped", ProcFiles.Long(f[3]));
            doc.Set("system.network.out.bytes", ProcFiles.Long(f[8]));
            doc.Set("system.network.out.packets", ProcFiles.Long(f[9]));
            doc.Set("system.network.out.errors", ProcFiles.Long(f[10]));
            doc.Set("system.network.out.dropped", ProcFiles.Long(f[11]));
            docs.Add(doc);
        }

        return docs;
    }
}
