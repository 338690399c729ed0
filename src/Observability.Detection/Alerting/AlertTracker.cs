namespace Observability.Detection.Alerting;

/// <summary>
/// The alert lifecycle, as Prometheus rules define it: a condition that becomes true makes a pending alert;
/// after <c>for</c> it fires; when the condition no longer holds a pending alert is dropped and a firing one
/// resolves (kept for <see cref="ResolvedRetention"/> so the resolution can be notified). Thread-safe.
/// </summary>
public sealed class AlertTracker
{
    private readonly Dictionary<string, Dictionary<string, Alert>> _byRule = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TimeSpan ResolvedRetention { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Applies one evaluation of <paramref name="rule"/>; returns the alerts whose state changed.</summary>
    public IReadOnlyList<Alert> Apply(string rule, IReadOnlyCollection<AlertCandidate> active, TimeSpan forDuration, DateTimeOffset now, string? generatorUrl = null)
    {
        var changed = new List<Alert>();
        lock (_gate)
        {
            if (!_byRule.TryGetValue(rule, out var alerts))
            {
                alerts = new Dictionary<string, Alert>(StringComparer.Ordinal);
                _byRule[rule] = alerts;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in active)
            {
                var fp = c.Labels.Fingerprint;
                seen.Add(fp);
                if (alerts.TryGetValue(fp, out var existing) && existing.State != AlertState.Resolved)
                {
                    var next = existing with { Annotations = c.Annotations, Score = Math.Max(existing.Score, c.Score), UpdatedAt = now };
                    if (existing.State == AlertState.Pending && now - existing.ActiveAt >= forDuration)
                    {
                        next = next with { State = AlertState.Firing, StartsAt = now };
                        changed.Add(next);
                    }

                    alerts[fp] = next;
                    continue;
                }

                var firing = forDuration <= TimeSpan.Zero;
                var alert = new Alert
                {
                    Labels = c.Labels,
                    Annotations = c.Annotations,
                    State = firing ? AlertState.Firing : AlertState.Pending,
                    ActiveAt = now,
                    StartsAt = now,
                    UpdatedAt = now,
                    Score = c.Score,
                    GeneratorUrl = generatorUrl,
                };
                alerts[fp] = alert;
                changed.Add(alert);
            }

            foreach (var (fp, alert) in alerts.ToList())
            {
                if (seen.Contains(fp))
                {
                    continue;
                }

                switch (alert.State)
                {
                    case AlertState.Pending:
                        alerts.Remove(fp);
                        break;
                    case AlertState.Firing:
                        var resolved = alert with { State = AlertState.Resolved, EndsAt = now, UpdatedAt = now };
                        alerts[fp] = resolved;
                        changed.Add(resolved);
                        break;
                    case AlertState.Resolved when now - alert.EndsAt >= ResolvedRetention:
                        alerts.Remove(fp);
                        break;
                }
            }
        }

        return changed;
    }

    /// <summary>Firing alerts and those resolved within the retention: what the dispatcher groups.</summary>
    public IReadOnlyList<Alert> Snapshot()
    {
        lock (_gate)
        {
            return _byRule.Values.SelectMany(a => a.Values).Where(a => a.State != AlertState.Pending).ToList();
        }
    }

    public IReadOnlyList<Alert> All()
    {
        lock (_gate)
        {
            return _byRule.Values.SelectMany(a => a.Values).ToList();
        }
    }
}
