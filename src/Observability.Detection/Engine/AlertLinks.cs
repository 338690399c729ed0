using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;
using Observability.Detection.Rules;

namespace Observability.Detection.Engine;

/// <summary>
/// An alert's <c>generatorURL</c>: a GET on the query API's search (<c>{base}/api/search?q=…&amp;from=…</c>) for the
/// documents the rule looked at, i.e. the rule's filter (or log query) narrowed to the alert's entity, from one window
/// before the alert became active. Opening it needs the query API's token header (see docs/alerts.md).
/// </summary>
public static class AlertLinks
{
    public static string For(string baseUrl, CompiledRule rule, LabelSet labels, DateTimeOffset activeAt)
    {
        var from = AlertmanagerPayload.Format(activeAt - rule.Window);
        return $"{baseUrl.TrimEnd('/')}/api/search?q={Uri.EscapeDataString(Query(rule, labels))}&from={Uri.EscapeDataString(from)}";
    }

    /// <summary>The KQL for the alert's documents: the rule's filter and <c>field:"value"</c> for each entity field.</summary>
    public static string Query(CompiledRule rule, LabelSet labels)
    {
        var parts = new List<string>();
        if ((rule.Definition.Filter ?? rule.Definition.Query) is { Length: > 0 } filter)
        {
            parts.Add($"({filter})");
        }

        foreach (var field in rule.Definition.By)
        {
            if (labels[EntityLabels.LabelName(field)] is { } value)
            {
                parts.Add($"{field}:\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }
        }

        return parts.Count == 0 ? "*" : string.Join(" and ", parts);
    }
}
