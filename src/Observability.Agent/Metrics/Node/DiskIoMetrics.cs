using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary><c>system.diskio</c> from /proc/diskstats: one document per block device (loop and ram devices skipped), cumulative counters.</summary>
public sealed class DiskIoMetrics(string procRoot) : IMetricSource
{
    private const long SectorBytes = 512;

    public string Dataset => "system.diskio";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var docs = new List<EcsDocument>();
        foreach (var line in ProcFiles.Lines(procRoot, "diskstats"))
        {
            var f = ProcFiles.Fields(line);
            if (f.Length < 14 || f[2].StartsWith("loop", StringComparison.Ordinal) || f[2].StartsWith("ram", StringComparison.Ordinal))
            {
                continue;
            }

            var doc = factory.Create(Dataset, f[2]);
            doc.Set("system.diskio.name", f[2]);
            doc.Set("system.diskio.read.count", ProcFiles.Long(f[3]));
            doc.Set("system.diskio.read.bytes", ProcFiles.Long(f[5]) * SectorBytes);
            doc.Set("system.diskio.read.time", ProcFiles.Long(f[6]));
            doc.Set("system.diskio.write.count", ProcFiles.Long(f[7]));
            doc.Set("system.diskio.write.bytes", ProcFiles.Long(f[9]) * SectorBytes);
            doc.Set("system.diskio.write.time", ProcFiles.Long(f[10]));
            doc.Set("system.diskio.io.ops", ProcFiles.Long(f[11]));
            doc.Set("system.diskio.io.time", ProcFiles.Long(f[12]));
            docs.Add(doc);
        }

        return docs;
    }
}
