using System.Text;
using Observability.Reports.Model;

namespace Observability.Reports.Rendering;

/// <summary>The Markdown summary: headline figures of every section, each against the previous period.</summary>
public static class MarkdownReportRenderer
{
    public static string Render(HealthReport r)
    {
        var m = new StringBuilder();
        m.Append("# ").Append(r.Name).Append(" — cluster health\n\n")
            .Append("Period ").Append(Format.Time(r.Period.Start)).Append(" → ").Append(Format.Time(r.Period.End)).Append(", compared with the previous ")
            .Append(r.Period.Length).Append(".\n");
        foreach (var (title, lines) in Sections(r))
        {
            m.Append("\n## ").Append(title).Append("\n\n");
            foreach (var line in lines)
            {
                m.Append("- ").Append(line).Append('\n');
            }
        }

        return m.ToString();
    }

    /// <summary>Each section's headline lines; "no data" when the section had nothing (shared with the chat summary).</summary>
    public static IEnumerable<(string Title, IReadOnlyList<string> Lines)> Sections(HealthReport r)
    {
        yield return ("Fleet", !r.Fleet.HasData ? [Format.NoData] :
        [
            Format.Headline("hosts reporting", r.Fleet.HostsReporting),
            $"silent hosts: {r.Fleet.SilentHosts.Count}" + (r.Fleet.SilentHosts.Count == 0 ? string.Empty :
                " (" + string.Join(", ", r.Fleet.SilentHosts.Take(5).Select(s => $"{s.Host} since {Format.Time(s.LastSeen)}")) + (r.Fleet.SilentHosts.Count > 5 ? ", …" : string.Empty) + ")"),
            Format.Headline("agent lag p95 s", r.Fleet.AgentLagP95Seconds),
        ]);
        yield return ("GPUs", !r.Gpus.HasData ? [Format.NoData] :
        [
            Format.Headline("GPUs reporting", r.Gpus.GpusReporting),
            Format.Headline("mean utilisation %", r.Gpus.MeanUtilizationPct),
            Format.Headline("idle GPU-hours", r.Gpus.IdleGpuHours),
            Format.Headline("XID events", r.Gpus.XidEvents),
            Format.Headline("GPUs with new uncorrected ECC", r.Gpus.GpusWithNewUncorrectedEcc),
            Format.Headline("throttled samples", r.Gpus.ThrottledSamples),
            "hottest: " + (r.Gpus.Hottest.Count == 0 ? Format.NoData : string.Join(", ", r.Gpus.Hottest.Take(3).Select(t => $"{t.Host}/{t.Gpu} {Format.Number(t.MaxCelsius)} °C"))),
        ]);
        yield return ("Logs", !r.Logs.HasData ? [Format.NoData] :
        [
            Format.Headline("errors", r.Logs.Errors),
            Format.Headline("error rate %", r.Logs.ErrorRatePct, 2),
            $"new error patterns: {r.Logs.NewPatterns.Count}" + (r.Logs.NewPatterns.Count == 0 ? string.Empty : " — top: " + r.Logs.NewPatterns[0].Example),
        ]);
        yield return ("Alerts", !r.Alerts.HasData ? [Format.NoData] :
        [
            Format.Headline("fired", r.Alerts.Fired),
            Format.Headline("resolved", r.Alerts.Resolved),
            Format.Headline("time to resolve p50 min", r.Alerts.TimeToResolveP50Minutes),
            "noisiest: " + (r.Alerts.NoisiestRules.Count == 0 ? "none" : string.Join(", ", r.Alerts.NoisiestRules.Take(3).Select(n => $"{n.Rule} ({n.Fired})"))),
        ]);
        yield return ("Anomalies", !r.Anomalies.HasData ? [Format.NoData] : [Format.Headline("anomalies", r.Anomalies.Total)]);
        yield return ("Training", !r.Training.HasData ? [Format.NoData] :
        [
            Format.Headline("jobs", r.Training.Jobs),
            Format.Headline("failed", r.Training.Failed),
            Format.Headline("queue wait p95 s", r.Training.QueueWaitP95Seconds),
            Format.Headline("GPU-hours", r.Training.GpuHours),
            $"step-time regressions: {r.Training.StepTimeRegressions.Count}",
        ]);
        yield return ("Pipeline", !r.Pipeline.HasData ? [Format.NoData] :
        [
            Format.Headline("documents stored", r.Pipeline.Documents),
            Format.Headline("dropped by agents", r.Pipeline.AgentDroppedEvents),
            Format.Headline("dead-lettered", r.Pipeline.DeadLetters),
        ]);
    }
}
