using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Delivery;
using Observability.Core.Retry;
using Observability.Core.Telemetry;

namespace Observability.Detection.Alerting;

/// <summary>
/// Alertmanager's dispatcher, driven by ticks: alerts are routed and grouped; a group is flushed first after
/// group_wait and then every group_interval; muted (silenced or inhibited) alerts are left out; each integration
/// is notified only when the notification log says something changed or repeat_interval passed, and the log
/// is written after a successful send, so a restarted dispatcher does not send again. A transient failure is
/// retried on later ticks with exponential backoff and jitter, or after the receiver's <c>Retry-After</c> when it gave
/// one (capped at the maximum backoff).
/// </summary>
public sealed class AlertDispatcher : IDisposable
{
    private readonly AlertDispatcherOptions _options;
    private readonly ExponentialBackoff _backoff;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<INotifier>> _receivers;
    private readonly INotificationLog _log;
    private readonly MuteFilter _mutes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, AggregationGroup> _groups = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public AlertDispatcher(AlertDispatcherOptions options, IEnumerable<INotifier> notifiers, INotificationLog log, TimeProvider time, IAlertQueryCompiler? kql = null, ILogger<AlertDispatcher>? logger = null)
    {
        options.Validate();
        _options = options;
        _backoff = new ExponentialBackoff(options.InitialBackoff, options.MaxBackoff);
        _receivers = notifiers.GroupBy(n => n.Receiver, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<INotifier>)g.ToList(), StringComparer.Ordinal);
        _log = log;
        _time = time;
        _mutes = new MuteFilter(options.InhibitRules, kql);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// On meter <c>Observability.Alerting.Dispatcher</c>: notifications <c>sent</c>, <c>retries</c>, <c>failed{retries_exhausted}</c>,
    /// and alerts not notified on purpose, <c>dropped{silenced}</c> and <c>dropped{inhibited}</c>.
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = new ComponentTelemetry("Alerting.Dispatcher")
        .With(TelemetryNames.Sent).With(TelemetryNames.Retries).With(TelemetryNames.Failed, "retries_exhausted").With(TelemetryNames.Dropped, "silenced", "inhibited");

    /// <summary>Feeds the current alerts (firing and recently resolved) and flushes every group that is due.</summary>
    public async Task TickAsync(IReadOnlyList<Alert> alerts, IReadOnlyList<Silence> silences, IReadOnlySet<string>? acknowledged, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            Insert(alerts, now);
            foreach (var group in _groups.Values.Where(g => g.NextFlush <= now).ToList())
            {
                await FlushAsync(group, alerts, silences, acknowledged ?? new HashSet<string>(), now, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Route RouteFor(LabelSet labels) => _options.Routes.FirstOrDefault(r => r.Matches(labels)) ?? _options.DefaultRoute;

    private void Insert(IReadOnlyList<Alert> alerts, DateTimeOffset now)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            if (alert.State == AlertState.Pending)
            {
                continue;
            }

            var route = RouteFor(alert.Labels);
            var groupLabels = alert.Labels.Select(route.GroupBy);
            var key = $"{route.Key}:{groupLabels}";
            if (!_groups.TryGetValue(key, out var group))
            {
                if (alert.State == AlertState.Resolved)
                {
                    continue; // a group is never opened by a resolution alone
                }

                group = new AggregationGroup(route, groupLabels, now + route.GroupWait);
                _groups[key] = group;
            }

            if (alert.State == AlertState.Resolved && group.FlushedResolved.TryGetValue(alert.Fingerprint, out var endedAt) && endedAt == alert.EndsAt)
            {
                continue;
            }

            group.Alerts[alert.Fingerprint] = alert;
            present.Add(key + "|" + alert.Fingerprint);
        }

        foreach (var group in _groups.Values.ToList())
        {
            foreach (var fp in group.Alerts.Keys.ToList())
            {
                if (!present.Contains(group.Key + "|" + fp))
                {
                    group.Alerts.Remove(fp);
                }
            }

            if (group.Alerts.Count == 0)
            {
                _groups.Remove(group.Key);
            }
        }
    }

    private async Task FlushAsync(AggregationGroup group, IReadOnlyList<Alert> all, IReadOnlyList<Silence> silences, IReadOnlySet<string> acknowledged, DateTimeOffset now, CancellationToken ct)
    {
        var visible = new List<Alert>();
        foreach (var alert in group.Alerts.Values.OrderBy(a => a.StartsAt).ThenBy(a => a.Fingerprint, StringComparer.Ordinal))
        {
            if (_mutes.SilencedBy(alert, silences, now) is not null)
            {
                Telemetry.Counter(TelemetryNames.Dropped).For("silenced").Add();
                continue;
            }

            if (_mutes.IsInhibited(alert, all))
            {
                Telemetry.Counter(TelemetryNames.Dropped).For("inhibited").Add();
                continue;
            }

            visible.Add(alert);
        }

        // Alertmanager's pipeline stops when every alert of the group is muted: nothing is sent and the notification
        // log is left as it is, so a silence neither "resolves" a notified alert nor causes a resend when it ends.
        var retryAt = visible.Count == 0 ? DateTimeOffset.MaxValue : await NotifyAsync(group, visible, acknowledged, now, ct);

        // Resolved alerts leave the group once flushed, muted ones included (Alertmanager deletes them after a successful flush).
        if (retryAt == DateTimeOffset.MaxValue)
        {
            foreach (var alert in group.Alerts.Values.Where(a => a.State == AlertState.Resolved).ToList())
            {
                group.FlushedResolved[alert.Fingerprint] = alert.EndsAt ?? now;
                group.Alerts.Remove(alert.Fingerprint);
            }
        }

        var next = now + group.Route.GroupInterval;
        group.NextFlush = retryAt < next ? retryAt : next;
        if (group.Alerts.Count == 0)
        {
            _groups.Remove(group.Key);
        }
    }

    /// <summary>Notifies every integration of the group's receiver that needs it; returns when to retry (MaxValue: no retry).</summary>
    private async Task<DateTimeOffset> NotifyAsync(AggregationGroup group, IReadOnlyList<Alert> visible, IReadOnlySet<string> acknowledged, DateTimeOffset now, CancellationToken ct)
    {
        var firing = visible.Where(a => a.State == AlertState.Firing).Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var resolved = visible.Where(a => a.State == AlertState.Resolved).Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var retryAt = DateTimeOffset.MaxValue;
        var notifiers = _receivers.TryGetValue(group.Route.Receiver, out var list) ? list : [];
        foreach (var notifier in notifiers)
        {
            var logKey = $"{notifier.Receiver}/{notifier.Integration}";
            var entry = await _log.GetAsync(logKey, group.Key, ct);
            // An acknowledged group is not repeated; changes (new or resolved alerts) are still sent.
            var repeat = firing.Count > 0 && firing.All(acknowledged.Contains) ? TimeSpan.FromDays(36500) : group.Route.RepeatInterval;
            if (!NotificationLogEntry.NeedsUpdate(entry, firing, resolved, notifier.SendResolved, repeat, now))
            {
                continue;
            }

            var sendAlerts = notifier.SendResolved ? visible : visible.Where(a => a.State == AlertState.Firing).ToList();
            if (sendAlerts.Count == 0)
            {
                // All resolved and the receiver does not want resolutions: as Alertmanager, log them as told (so the
                // log no longer lists them firing) without sending an empty "resolved" message.
                await _log.PutAsync(new NotificationLogEntry(logKey, group.Key, firing, resolved, now), ct);
                continue;
            }

            var message = BuildMessage(group, notifier.Receiver, sendAlerts, firing.Count > 0);
            try
            {
                await notifier.NotifyAsync(message, ct);
                group.Attempts.Remove(logKey);
                Telemetry.Counter(TelemetryNames.Sent).Add();
                await _log.PutAsync(new NotificationLogEntry(logKey, group.Key, firing, resolved, now), ct);
                _logger.LogInformation("Notified {Receiver}/{Integration} about {GroupKey}: {Firing} firing, {Resolved} resolved", notifier.Receiver, notifier.Integration, group.Key, firing.Count, resolved.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var attempts = group.Attempts.GetValueOrDefault(logKey) + 1;
                var transient = e is not DeliveryException { IsTransient: false };
                if (transient && attempts < _options.MaxAttempts)
                {
                    group.Attempts[logKey] = attempts;
                    var at = now + _backoff.Delay(attempts, (e as DeliveryException)?.RetryAfter);
                    retryAt = at < retryAt ? at : retryAt;
                    Telemetry.Counter(TelemetryNames.Retries).Add();
                    _logger.LogWarning(e, "Notification to {Receiver}/{Integration} for {GroupKey} failed (attempt {Attempt}); retrying at {RetryAt}", notifier.Receiver, notifier.Integration, group.Key, attempts, at);
                }
                else
                {
                    group.Attempts.Remove(logKey);
                    Telemetry.Counter(TelemetryNames.Failed).For("retries_exhausted").Add();
                    _logger.LogError(e, "Notification to {Receiver}/{Integration} for {GroupKey} given up after {Attempts} attempts", notifier.Receiver, notifier.Integration, group.Key, attempts);
                }
            }
        }

        return retryAt;
    }

    private NotificationMessage BuildMessage(AggregationGroup group, string receiver, IReadOnlyList<Alert> alerts, bool anyFiring)
    {
        var common = alerts.Count == 0 ? LabelSet.Empty : new LabelSet(alerts[0].Labels.Pairs.Where(p => alerts.All(a => a.Labels[p.Key] == p.Value)));
        var commonAnnotations = alerts.Count == 0
            ? new Dictionary<string, string>()
            : alerts[0].Annotations.Where(p => alerts.All(a => a.Annotations.TryGetValue(p.Key, out var v) && v == p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new NotificationMessage(receiver, group.Key, anyFiring ? "firing" : "resolved", group.GroupLabels, common, commonAnnotations, _options.ExternalUrl, alerts);
    }

    public void Dispose()
    {
        _gate.Dispose();
        Telemetry.Dispose();
    }
}
