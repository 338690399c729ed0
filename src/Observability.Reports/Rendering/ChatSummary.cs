using System.Text;
using System.Text.Json;
using Observability.Reports.Model;

namespace Observability.Reports.Rendering;

/// <summary>
/// The webhook payload: a chat-style message (<c>text</c>, as Slack and Mattermost incoming webhooks take it) plus the
/// report id, name and period so a receiver can fetch the full report.
/// </summary>
public static class ChatSummary
{
    public static string Json(HealthReport r, string? reportUrl = null)
    {
        var text = new StringBuilder();
        text.Append('*').Append(r.Name).Append("* cluster health ").Append(Format.Time(r.Period.Start)).Append(" → ").Append(Format.Time(r.Period.End)).Append('\n');
        foreach (var (title, lines) in MarkdownReportRenderer.Sections(r))
        {
            text.Append('*').Append(title).Append("*: ").Append(string.Join("; ", lines.Take(3))).Append('\n');
        }

        if (reportUrl is not null)
        {
            text.Append(reportUrl).Append('\n');
        }

        return JsonSerializer.Serialize(new
        {
            text = text.ToString(),
            report = new { id = r.Id, name = r.Name, start = r.Period.Start, end = r.Period.End },
        });
    }
}
