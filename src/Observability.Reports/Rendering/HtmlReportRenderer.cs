using System.Net;
using System.Text;
using Observability.Reports.Model;

namespace Observability.Reports.Rendering;

/// <summary>
/// A self-contained HTML page: inline CSS, charts as PNG data URIs (<c>img.chart[data-chart]</c>), no script and no
/// external resource, so it reads the same in a mail client, a browser or an archive.
/// </summary>
public sealed class HtmlReportRenderer(ChartRenderer charts)
{
    private const string Css =
        "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-top:12px}" +
        "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}" +
        ".nodata{color:#888;font-style:italic}.up{color:#b00}.chart{display:block;margin:8px 0;max-width:100%}";

    public string Render(HealthReport report)
    {
        var rendered = charts.Render(report).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Name)).Append(" health report</title><style>")
            .Append(Css).Append("</style></head><body>");
        h.Append("<h1>").Append(E(report.Name)).Append(" — cluster health</h1><p>Period ").Append(E(Format.Time(report.Period.Start))).Append(" → ")
            .Append(E(Format.Time(report.Period.End))).Append(", compared with the ").Append(E(report.Period.Length.ToString())).Append(" before. Generated ")
            .Append(E(Format.Time(report.GeneratedAt))).Append(".</p>");

        Section(h, "Fleet", report.Fleet.HasData, () =>
        {
            Figures(h, ("Hosts reporting", report.Fleet.HostsReporting), ("Agent lag p50 (s)", report.Fleet.AgentLagP50Seconds), ("Agent lag p95 (s)", report.Fleet.AgentLagP95Seconds));
            Table(h, "Silent hosts", ["Host", "Last seen"], report.Fleet.SilentHosts.Select(s => new[] { s.Host, Format.Time(s.LastSeen) }));
            Table(h, "New hosts", ["Host"], report.Fleet.NewHosts.Select(n => new[] { n }));
        });
        Section(h, "GPUs", report.Gpus.HasData, () =>
        {
            var g = report.Gpus;
            Figures(h, ("GPUs reporting", g.GpusReporting), ("Mean utilisation %", g.MeanUtilizationPct), ("Idle GPU-hours", g.IdleGpuHours),
                ("XID events", g.XidEvents), ("GPUs with new uncorrected ECC errors", g.GpusWithNewUncorrectedEcc), ("Throttled samples", g.ThrottledSamples));
            Chart(h, rendered, "gpu-utilization-histogram");
            Chart(h, rendered, "gpu-utilization-heatmap");
            Table(h, "Hottest GPUs", ["Host", "GPU", "Max °C"], g.Hottest.Select(t => new[] { t.Host, t.Gpu, Format.Number(t.MaxCelsius) }));
            Table(h, "XID events by code", ["XID", "Events"], g.XidByCode.Select(x => new[] { x.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Number(x.Count) }));
            Table(h, "Most idle GPUs", ["Host", "GPU", "Idle h", "Mean %", "p95 %"],
                g.PerGpu.OrderByDescending(p => p.IdleHours).Take(10).Select(p => new[] { p.Host, p.Gpu, Format.Number(p.IdleHours, 2), Format.Number(p.MeanPct), Format.Number(p.P95Pct) }));
        });
        Section(h, "Logs", report.Logs.HasData, () =>
        {
            var l = report.Logs;
            Figures(h, ("Lines", l.Lines), ("Errors", l.Errors), ("Error rate %", l.ErrorRatePct));
            Chart(h, rendered, "log-error-rate");
            Table(h, $"Top error patterns (by {l.PatternSource})", ["Pattern", "Example", "Count", "Previous"],
                l.TopPatterns.Select(p => new[] { p.Pattern, p.Example, Format.Number(p.Count), Format.Number(p.PreviousCount) }));
            Table(h, "New error patterns", ["Pattern", "Example", "Count"], l.NewPatterns.Select(p => new[] { p.Pattern, p.Example, Format.Number(p.Count) }));
        });
        Section(h, "Alerts", report.Alerts.HasData, () =>
        {
            var a = report.Alerts;
            Figures(h, ("Fired", a.Fired), ("Resolved", a.Resolved), ("Time to resolve p50 (min)", a.TimeToResolveP50Minutes), ("Silences created", a.SilencesCreated));
            Table(h, "Noisiest rules", ["Rule", "Fired"], a.NoisiestRules.Select(r => new[] { r.Rule, Format.Number(r.Fired) }));
        });
        Section(h, "Anomalies", report.Anomalies.HasData, () =>
        {
            Figures(h, ("Anomalies", report.Anomalies.Total));
            Table(h, "By detector", ["Detector", "Kind", "Count"], report.Anomalies.ByDetector.Select(d => new[] { d.Detector, d.Kind, Format.Number(d.Count) }));
        });
        Section(h, "Training", report.Training.HasData, () =>
        {
            var t = report.Training;
            Figures(h, ("Jobs run", t.Jobs), ("Succeeded", t.Succeeded), ("Failed", t.Failed), ("Queue wait p50 (s)", t.QueueWaitP50Seconds),
                ("Queue wait p95 (s)", t.QueueWaitP95Seconds), ("GPU-hours", t.GpuHours));
            Chart(h, rendered, "training-throughput");
            Table(h, "Step-time regressions", ["Job", "Before ms", "After ms", "Ratio"],
                t.StepTimeRegressions.Select(r => new[] { r.Job, Format.Number(r.BeforeMs), Format.Number(r.AfterMs), Format.Number(r.Ratio, 2) }));
        });
        Section(h, "Pipeline health", report.Pipeline.HasData, () =>
        {
            var p = report.Pipeline;
            Figures(h, ("Documents stored", p.Documents), ("Events dropped by agents", p.AgentDroppedEvents), ("Dead-lettered", p.DeadLetters));
            Chart(h, rendered, "ingest-volume");
            Table(h, "By dataset", ["Table", "Dataset", "Documents", "Previous"],
                p.ByDataset.Select(d => new[] { d.Table, d.Dataset, Format.Number(d.Documents), Format.Number(d.PreviousDocuments) }));
            Table(h, "Dead-letters by reason", ["Reason", "Count"], p.DeadLettersByReason.Select(d => new[] { d.Reason, Format.Number(d.Count) }));
        });
        h.Append("</body></html>");
        return h.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static void Section(StringBuilder h, string title, bool hasData, Action body)
    {
        h.Append("<h2>").Append(E(title)).Append("</h2>");
        if (hasData)
        {
            body();
        }
        else
        {
            h.Append("<p class=\"nodata\">").Append(Format.NoData).Append(" — nothing in the store for this period or the previous one.</p>");
        }
    }

    private static void Figures(StringBuilder h, params (string Name, Figure Figure)[] figures)
    {
        Table(h, null, ["Figure", "This period", "Previous", "Change"],
            figures.Select(f => new[] { f.Name, Format.Number(f.Figure.Current), Format.Number(f.Figure.Previous), Format.Change(f.Figure) }));
    }

    private static void Chart(StringBuilder h, Dictionary<string, ReportChart> charts, string name)
    {
        if (charts.TryGetValue(name, out var c))
        {
            h.Append("<img class=\"chart\" data-chart=\"").Append(E(c.Name)).Append("\" alt=\"").Append(E(c.Title)).Append("\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(c.Png)).Append("\">");
        }
    }

    private static void Table(StringBuilder h, string? caption, string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (caption is not null)
        {
            h.Append("<h3>").Append(E(caption)).Append("</h3>");
            if (list.Count == 0)
            {
                h.Append("<p class=\"nodata\">none</p>");
                return;
            }
        }

        h.Append("<table><tr>");
        foreach (var c in header)
        {
            h.Append("<th>").Append(E(c)).Append("</th>");
        }

        h.Append("</tr>");
        foreach (var row in list)
        {
            h.Append("<tr>");
            foreach (var cell in row)
            {
                h.Append("<td>").Append(E(cell)).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
    }
}
