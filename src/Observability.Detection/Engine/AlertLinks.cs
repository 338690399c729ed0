using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;
using Observability.Detection.Rules;

namespace Observability.Detection.Engine;

/// <summary>
/// An alert's <c>generatorURL</c>: the web console's Discover view (<c>{base}/console/#/discover?q=…&amp;type=…&amp;from=…</c>)
/// of the documents the rule looked at, i.e. the rule's filter (or log query) narrowed to the alert's entity, from one
/// window before the alert became active. The same parameters on <c>GET {base}/api/search</c> give them as JSON. Opening
/// it needs the console's login cookie (or the API's token header); see docs/alerts.md.
/// </summary>
public static class AlertLinks
{
    public static string For(string baseUrl, CompiledRule rule, LabelSet labels, DateTimeOffset activeAt)
    {
        var from = AlertmanagerPayload.Format(activeAt - rule.Window);
        // Log-query rules count log lines; the other kinds look at metrics (and anomalies found in them).
        var type = rule.Type == RuleType.LogQuery ? "logs" : "metrics";
        return $"{baseUrl.TrimEnd('/')}/console/#/discover?q={Uri.EscapeDataString(Query(rule, labels))}&type={type}&from={Uri.EscapeDataString(from)}";
    }

    /// <summary>Entity labels of anomaly alerts (which have no <c>by</c>) and the document fields they come from.</summary>
    private static readonly (string Label, string Field)[] EntityFields =
        [("host", "host.name"), ("gpu", "gpu.index"), ("job", "training.job.id"), ("rank", "training.rank"), ("service", "service.name")];

    /// <summary>The KQL for the alert's documents: the rule's filter and <c>field:value</c> for each entity field.</summary>
    public static string Query(CompiledRule rule, LabelSet labels)
    {
        var parts = new List<string>();
        if ((rule.Definition.Filter ?? rule.Definition.Query) is { Length: > 0 } filter)
        {
            parts.Add($"({filter})");
        }

        var fields = rule.Definition.By.Select(f => (Label: EntityLabels.LabelName(f), Field: f)).ToList();
        fields.AddRange(EntityFields.Where(e => fields.All(f => f.Label != e.Label)));
        foreach (var (label, field) in fields)
        {
            if (labels[label] is { } value)
            {
                parts.Add($"{field}:{Literal(value)}");
            }
        }

        return parts.Count == 0 ? "*" : string.Join(" and ", parts);
    }

    /// <summary>Bare when the value is a plain word or number (so numeric fields match too), else quoted and escaped.</summary>
    private static string Literal(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? value
            : Observability.Query.Kql.KqlLiteral.Quote(value);
}
