using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary><c>system.load</c> from /proc/loadavg, raw and per core (<c>norm</c>).</summary>
public sealed class LoadMetrics(string procRoot) : IMetricSource
{
    public string Dataset => "system.load";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var line = ProcFiles.Lines(procRoot, "loadavg").FirstOrDefault();
        if (line is null)
        {
            return [];
        }

        var f = ProcFiles.Fields(line);
        var cores = Math.Max(1, ProcFiles.Lines(procRoot, "stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsDigit(l[3])));
        var doc = factory.Create(Dataset);
        doc.Set("system.load.cores", (long)cores);
        string[] names = ["1", "5", "15"];
        for (var i = 0; i < 3 && i < f.Length; i++)
        {
            var v = ProcFiles.Double(f[i]);
            doc.Set($"system.load.{names[i]}", v);
            doc.Set($"system.load.norm.{names[i]}", ProcFiles.Round(v / cores));
        }

        return [doc];
    }
}
