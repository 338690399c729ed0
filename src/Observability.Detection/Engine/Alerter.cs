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

    public long Published { get; private set; }

    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public async Task StepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var changed = new List<Alert>();
        foreach (var (rule, active) in _rules.Evaluate(now))
        {
            changed.AddRange(_tracker.Apply(rule.Name, active, rule.For, now, $"obs://rules/{rule.Name}"));
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
        await _dispatcher.TickAsync(_tracker.Snapshot(), silences, acknowledged, cancellationToken);
    }
}
