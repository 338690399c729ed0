using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;

namespace Observability.Detection.Rules;

/// <summary>
/// Evaluates the rules against the documents and anomalies seen so far. <see cref="Observe(EcsDocument, DateTimeOffset)"/> and
/// <see cref="Observe(Anomaly)"/> feed it; <see cref="Evaluate"/> returns, per rule, the entities whose condition holds now.
/// Windows are by event time (<c>@timestamp</c>, arrival time when absent). Thread-safe.
/// </summary>
public sealed class RuleEngine
{
    /// <summary>Samples kept per entity and rule, whatever the window (a memory bound).</summary>
    public const int MaxSamplesPerEntity = 10_000;

    /// <summary>An entity not seen for this long is forgotten (absence alerts for it resolve).</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(24);

    private static readonly string[] JobStateFields = ["training.job.state", "training.job.status", "event.action"];
    private readonly IReadOnlyList<CompiledRule> _rules;
    private readonly Dictionary<string, Dictionary<string, RuleState>> _state = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public RuleEngine(IReadOnlyList<CompiledRule> rules)
    {
        _rules = rules;
        foreach (var r in rules)
        {
            _state[r.Name] = new Dictionary<string, RuleState>(StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<CompiledRule> Rules => _rules;

    public void Observe(EcsDocument doc, DateTimeOffset arrival)
    {
        var at = doc.Timestamp ?? arrival;
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Type == RuleType.Anomaly || (rule.Filter is { } f && !f(doc)))
                {
                    continue;
                }

                var d = rule.Definition;
                var entity = EntityLabels.Of(doc, d.By);
                if (entity is null)
                {
                    continue;
                }

                var state = StateFor(rule, entity);
                state.LastSeen = at > state.LastSeen ? at : state.LastSeen;
                switch (rule.Type)
                {
                    case RuleType.Threshold when doc.GetDouble(d.Field!) is { } v && double.IsFinite(v):
                        state.Samples.Enqueue((at, v));
                        break;
                    case RuleType.LogQuery:
                        state.Samples.Enqueue((at, 1));
                        break;
                    case RuleType.JobState:
                        var field = d.Field ?? JobStateFields.FirstOrDefault(doc.Contains);
                        if (field is not null && doc.GetString(field) is { } s)
                        {
                            state.LastText = s.ToLowerInvariant();
                        }

                        break;
                }

                state.Trim(at - rule.Window, MaxSamplesPerEntity);
            }
        }
    }

    public void Observe(Anomaly anomaly)
    {
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => r.Type == RuleType.Anomaly))
            {
                var d = rule.Definition;
                if ((d.Detector is { Length: > 0 } det && det != anomaly.Detector) || (d.Kind is { Length: > 0 } kind && kind != anomaly.Kind))
                {
                    continue;
                }

                var entity = anomaly.Entity.With([KeyValuePair.Create("detector", anomaly.Detector), KeyValuePair.Create("kind", anomaly.Kind)]);
                var state = StateFor(rule, entity);
                if (anomaly.Timestamp >= state.LastSeen || anomaly.Score > state.LastScore)
                {
                    state.LastSeen = anomaly.Timestamp;
                    state.LastScore = anomaly.Score;
                    state.Explanation = anomaly.Explanation;
                }
            }
        }
    }

    /// <summary>The candidates of every rule at <paramref name="now"/> (an empty list means all of its alerts should resolve).</summary>
    public IReadOnlyList<(CompiledRule Rule, IReadOnlyList<AlertCandidate> Active)> Evaluate(DateTimeOffset now)
    {
        var result = new List<(CompiledRule, IReadOnlyList<AlertCandidate>)>(_rules.Count);
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                var active = new List<AlertCandidate>();
                var states = _state[rule.Name];
                foreach (var (key, s) in states.ToList())
                {
                    if (now - s.LastSeen > ForgetAfter)
                    {
                        states.Remove(key);
                        continue;
                    }

                    s.Trim(now - rule.Window, MaxSamplesPerEntity);
                    if (Check(rule, s, now) is { } hit)
                    {
                        active.Add(Candidate(rule, s.Entity, hit.Value, hit.Score, hit.Explanation));
                    }
                }

                result.Add((rule, active));
            }
        }

        return result;
    }

    private static (double Value, double Score, string Explanation)? Check(CompiledRule rule, RuleState s, DateTimeOffset now)
    {
        var d = rule.Definition;
        switch (rule.Type)
        {
            case RuleType.Threshold:
                if (s.Samples.Count == 0)
                {
                    return null;
                }

                var agg = Aggregate(d.Aggregate, s.Samples.Select(x => x.Value).ToList());
                return rule.Compare(agg, d.Value) ? (agg, 100, $"{d.Aggregate}({d.Field}) over {d.Window} = {agg:G4} {d.Op} {d.Value:G4}") : null;
            case RuleType.LogQuery:
                var count = s.Samples.Count;
                return rule.Compare(count, d.Value) ? (count, 100, $"{count} documents matched '{d.Query}' in the last {d.Window} ({d.Op} {d.Value:G4})") : null;
            case RuleType.Absence:
                var quiet = now - s.LastSeen;
                return quiet >= rule.Window ? (quiet.TotalSeconds, 100, $"no data for {quiet.TotalMinutes:F1} min (limit {d.Window})") : null;
            case RuleType.JobState:
                return s.LastText is { } st && d.States.Contains(st, StringComparer.OrdinalIgnoreCase) ? (0, 100, $"job is {st}") : null;
            case RuleType.Anomaly:
                return s.LastScore >= d.MinScore && now - s.LastSeen <= rule.Window ? (s.LastScore, s.LastScore, s.Explanation ?? string.Empty) : null;
            default:
                return null;
        }
    }

    private static double Aggregate(string name, List<double> values) => name switch
    {
        "min" => values.Min(),
        "max" => values.Max(),
        "sum" => values.Sum(),
        "count" => values.Count,
        "last" => values[^1],
        "p95" => values.Order().ElementAt((int)Math.Ceiling(0.95 * values.Count) - 1),
        _ => values.Average(),
    };

    private static AlertCandidate Candidate(CompiledRule rule, LabelSet entity, double value, double score, string explanation)
    {
        var d = rule.Definition;
        var labels = entity.With(d.Labels).With([KeyValuePair.Create("alertname", d.Name)]);
        var annotations = d.Annotations.ToDictionary(p => p.Key, p => EntityLabels.Expand(p.Value, labels, value, score), StringComparer.Ordinal);
        annotations.TryAdd("description", explanation);
        annotations.TryAdd("summary", $"{d.Name} on {entity}");
        return new AlertCandidate(labels, annotations, score);
    }

    private RuleState StateFor(CompiledRule rule, LabelSet entity)
    {
        var states = _state[rule.Name];
        if (!states.TryGetValue(entity.Fingerprint, out var s))
        {
            s = new RuleState(entity);
            states[entity.Fingerprint] = s;
        }

        return s;
    }
}
