using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Detection.Alerting;
using Observability.Detection.Rules;

namespace Observability.Detection.Engine;

/// <summary>
/// One evaluation step: rules → lifecycle (pending/firing/resolved) → store (<c>obs-alerts</c>) and
/// <c>obs.alerts</c> for every change → dispatcher (grouping, silences, inhibition, notification log, notifiers).
/// </summary>
public sealed class Alerter
{
    private readonly RuleEngine _rules;
    private readonly AlertTracker _tracker;
    private readonly IAlertStore _store;
    private readonly AlertDispatcher _dispatcher;
    private readonly IMessageProducer? _producer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IAlertChangeSink? _sink;

    /// <param name="sink">Also receives every change (e.g. the Elasticsearch <c>obs-alerts</c> writer); it queues, never blocks.</param>
    public Alerter(RuleEngine rules, AlertTracker tracker, IAlertStore store, AlertDispatcher dispatcher, IMessageProducer? producer, TimeProvider time, ILogger<Alerter>? logger = null, IAlertChangeSink? sink = null)
    {
        _sink = sink;
        _rules = rules;
        _tracker = tracker;
        _store = store;
        _dispatcher = dispatcher;
        _producer = producer;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Most alerts read back from the store at start-up.</summary>
    public const int MaxRestored = 10_000;

    private bool _restored;

    public long Published { get; private set; }

    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Base URL of the alerts' generatorURL (see <see cref="AlertLinks"/>); asked at every step, since obs up knows its port only once listening.</summary>
    public Func<string?>? GeneratorBaseUrl { get; init; }

    /// <summary>Pushes the alerts to Alertmanagers as well (<c>detection.alertmanagers</c>); null when none are configured.</summary>
    public Alertmanager.AlertmanagerSender? Alertmanagers { get; init; }

    public async Task StepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_restored)
        {
            await RestoreAsync(now, cancellationToken);
            _restored = true;
        }

        var changed = new List<Alert>();
        var linkBase = GeneratorBaseUrl?.Invoke();
        foreach (var (rule, active) in _rules.Evaluate(now))
        {
            changed.AddRange(_tracker.Apply(rule.Name, active, rule.For, now, linkBase is null ? null : labels => AlertLinks.For(linkBase, rule, labels, now)));
        }

        if (changed.Count > 0)
        {
            await _store.UpsertAsync(changed, cancellationToken);
            _sink?.Offer(changed);
            if (_producer is not null)
            {
                // Bounded wait: the in-process transport completes only when a consumer acknowledged, and the
                // alert loop must not stall on a topic nobody reads.
                using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                publishTimeout.CancelAfter(PublishTimeout);
                try
                {
                    await _producer.ProduceAsync(changed.Select(AlertMessages.ToMessage).ToList(), publishTimeout.Token);
                    Published += changed.Count;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning("Publishing {Count} alert changes to {Topic} timed out after {Timeout}", changed.Count, Topics.Alerts, PublishTimeout);
                }
                catch (TransportException e)
                {
                    // The store has the change and notifications do not depend on the topic: log and go on.
                    _logger.LogWarning(e, "Publishing {Count} alert changes to {Topic} failed", changed.Count, Topics.Alerts);
                }
            }
        }

        var silences = await _store.ListSilencesAsync(now, cancellationToken);
        var acknowledged = await _store.AcknowledgedAsync(cancellationToken);
        var snapshot = _tracker.Snapshot();
        Alertmanagers?.Offer(snapshot, now);
        await _dispatcher.TickAsync(snapshot, silences, acknowledged, cancellationToken);
    }

    /// <summary>Gives the tracker back the alerts a previous process left pending or firing, so startsAt survives a restart.</summary>
    private async Task RestoreAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = (await _store.ListAsync(AlertState.Firing, MaxRestored, cancellationToken))
            .Concat(await _store.ListAsync(AlertState.Pending, MaxRestored, cancellationToken))
            .OrderByDescending(a => a.UpdatedAt)
            .DistinctBy(a => a.Fingerprint)
            .ToLookup(a => a.Name, StringComparer.Ordinal);
        var restored = 0;
        foreach (var rule in _rules.Rules)
        {
            restored += _tracker.Restore(rule.Name, stored[rule.Name], now + rule.Window + rule.For);
        }

        if (restored > 0)
        {
            _logger.LogInformation("Restored {Count} pending or firing alerts from the alert store", restored);
        }
    }
}
