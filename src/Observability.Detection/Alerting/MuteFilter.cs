namespace Observability.Detection.Alerting;

/// <summary>Decides whether an alert is muted by an active silence or by inhibition from another firing alert.</summary>
public sealed class MuteFilter
{
    private readonly IReadOnlyList<InhibitRule> _inhibitRules;
    private readonly IAlertQueryCompiler? _kql;
    private readonly Dictionary<string, Func<Core.Documents.EcsDocument, bool>> _compiled = new(StringComparer.Ordinal);

    public MuteFilter(IReadOnlyList<InhibitRule> inhibitRules, IAlertQueryCompiler? kql)
    {
        _inhibitRules = inhibitRules;
        _kql = kql;
    }

    public string? SilencedBy(Alert alert, IReadOnlyList<Silence> silences, DateTimeOffset now)
    {
        foreach (var s in silences)
        {
            if (!s.IsActive(now) || !s.Matchers.All(m => m.Matches(alert.Labels)))
            {
                continue;
            }

            if (s.Query is { Length: > 0 } q)
            {
                if (_kql is null)
                {
                    continue;
                }

                if (!_compiled.TryGetValue(q, out var predicate))
                {
                    predicate = _kql.Compile(q);
                    _compiled[q] = predicate;
                }

                if (!predicate(AlertDocuments.ToDocument(alert)))
                {
                    continue;
                }
            }

            return s.Id;
        }

        return null;
    }

    public bool IsInhibited(Alert alert, IReadOnlyList<Alert> all) =>
        _inhibitRules.Any(r => all.Any(source => r.Inhibits(source, alert)));
}
