namespace Observability.Detection.Alerting;

/// <summary>
/// The alert lifecycle, as Prometheus rules define it: a condition that becomes true makes a pending alert;
/// after <c>for</c> it fires; when the condition no longer holds a pending alert is dropped and a firing one
/// resolves (kept for <see cref="ResolvedRetention"/> so the resolution can be notified). Alerts restored after a
/// restart (<see cref="Restore"/>) keep their activation and start times, as Prometheus restores its <c>for</c> state.
/// Thread-safe.
/// </summary>
public sealed class AlertTracker
{
    private readonly Dictionary<string, Dictionary<string, Alert>> _byRule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TimeSpan ResolvedRetention { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Applies one evaluation of <paramref name="rule"/>; returns the alerts whose state changed.</summary>
    public IReadOnlyList<Alert> Apply(string rule, IReadOnlyCollection<AlertCandidate> active, TimeSpan forDuration, DateTimeOffset now, Func<LabelSet, string?>? generatorUrl = null)
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
                _heldUntil.Remove(fp);
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
                    GeneratorUrl = generatorUrl?.Invoke(c.Labels),
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

                if (_heldUntil.TryGetValue(fp, out var until))
                {
                    if (now < until)
                    {
                        continue; // restored and the rule has not seen a full window of data since the restart
                    }

                    _heldUntil.Remove(fp);
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

    /// <summary>
    /// Puts back the pending and firing alerts of <paramref name="rule"/> that a previous process stored, so a
    /// restart neither moves <c>startsAt</c> nor restarts <c>for</c>. The rule's inputs are in memory and empty after a
    /// restart, so a restored alert missing from the evaluations is kept as it is until <paramref name="holdUntil"/>
    /// (start-up + the rule's window + for); only then is its absence a resolution. Alerts already tracked win.
    /// </summary>
    public int Restore(string rule, IEnumerable<Alert> stored, DateTimeOffset holdUntil)
    {
        var restored = 0;
        lock (_gate)
        {
            if (!_byRule.TryGetValue(rule, out var alerts))
            {
                alerts = new Dictionary<string, Alert>(StringComparer.Ordinal);
                _byRule[rule] = alerts;
            }

            foreach (var a in stored.Where(a => a.State is AlertState.Firing or AlertState.Pending))
            {
                if (alerts.TryAdd(a.Fingerprint, a))
                {
                    _heldUntil[a.Fingerprint] = holdUntil;
                    restored++;
                }
            }
        }

        return restored;
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
