using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Delivery;
using Observability.Core.Telemetry;
using Observability.Detection.Alerting;

namespace Observability.Detection.Alertmanager;

/// <summary>
/// Pushes alerts to Alertmanagers as Prometheus' rule manager and notifier do, so Alertmanager owns grouping,
/// silences, inhibition and routing. After every evaluation <see cref="Offer"/> picks the alerts that need sending:
/// firing ones when first seen and again every <see cref="ResendDelay"/> (their <c>endsAt</c> is "valid until"
/// now + 4 × max(evaluation interval, resend delay), so Alertmanager resolves them itself if this process dies),
/// resolved ones at once and then at the same pace while the tracker keeps them (15 minutes). Pending alerts are
/// not sent. The queue is bounded (oldest dropped, counted); batches of <see cref="MaxBatch"/> go to every
/// Alertmanager in parallel; a failed batch is logged and not retried, since the next resend carries it.
/// </summary>
public sealed class AlertmanagerSender : BackgroundService
{
    public const int MaxBatch = 64;

    private readonly IReadOnlyList<AlertmanagerClient> _clients;
    private readonly TimeSpan _validFor;
    private readonly ILogger _logger;
    private readonly Channel<(Alert Alert, DateTimeOffset EndsAt)> _queue;
    private readonly Dictionary<string, (DateTimeOffset SentAt, DateTimeOffset? ResolvedAt)> _sent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public AlertmanagerSender(IReadOnlyList<AlertmanagerClient> clients, TimeSpan evaluationInterval, TimeSpan? resendDelay = null, int queueCapacity = 10_000, ILogger<AlertmanagerSender>? logger = null)
    {
        _clients = clients;
        ResendDelay = resendDelay ?? TimeSpan.FromMinutes(1);
        if (ResendDelay <= TimeSpan.Zero || evaluationInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("the resend delay and evaluation interval must be > 0");
        }

        _validFor = 4 * (evaluationInterval > ResendDelay ? evaluationInterval : ResendDelay);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<(Alert, DateTimeOffset)>(
            new BoundedChannelOptions(queueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Telemetry.Counter(TelemetryNames.Dropped).For("queue_full").Add());
    }

    /// <summary>Prometheus' <c>--rules.alert.resend-delay</c> (default 1m).</summary>
    public TimeSpan ResendDelay { get; }

    /// <summary>
    /// On meter <c>Observability.Alerting.Alertmanager</c>: alerts <c>received</c> (queued), <c>dropped{queue_full}</c>,
    /// <c>sent</c> (once per Alertmanager that accepted them) and <c>failed{not_accepted}</c> (once per Alertmanager that did not).
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = new ComponentTelemetry("Alerting.Alertmanager")
        .With(TelemetryNames.Received).With(TelemetryNames.Dropped, "queue_full").With(TelemetryNames.Sent).With(TelemetryNames.Failed, "not_accepted");

    /// <summary>Queues the alerts of <paramref name="current"/> (the tracker's snapshot) that need sending; never blocks.</summary>
    public void Offer(IReadOnlyList<Alert> current, DateTimeOffset now)
    {
        lock (_gate)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alert in current)
            {
                if (alert.State == AlertState.Pending)
                {
                    continue;
                }

                present.Add(alert.Fingerprint);
                var resolvedAt = alert.State == AlertState.Resolved ? alert.EndsAt ?? now : (DateTimeOffset?)null;
                if (_sent.TryGetValue(alert.Fingerprint, out var last) && !NeedsSending(last, resolvedAt, now))
                {
                    continue;
                }

                _sent[alert.Fingerprint] = (now, resolvedAt);
                Telemetry.Counter(TelemetryNames.Received).Add();
                _queue.Writer.TryWrite((alert, resolvedAt ?? now + _validFor));
            }

            foreach (var fp in _sent.Keys.Where(fp => !present.Contains(fp)).ToList())
            {
                _sent.Remove(fp);
            }
        }
    }

    /// <summary>Prometheus' needsSending: a resolution (or a new firing after one) not yet sent, or the resend delay passed.</summary>
    private bool NeedsSending((DateTimeOffset SentAt, DateTimeOffset? ResolvedAt) last, DateTimeOffset? resolvedAt, DateTimeOffset now) =>
        resolvedAt != last.ResolvedAt || last.SentAt + ResendDelay <= now;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<(Alert, DateTimeOffset)>(MaxBatch);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var body = AlertmanagerApiPayload.Serialize(batch);
            await Task.WhenAll(_clients.Select(c => PostAsync(c, body, batch.Count, stoppingToken)));
        }
    }

    private async Task PostAsync(AlertmanagerClient client, byte[] body, int count, CancellationToken ct)
    {
        try
        {
            await client.PostAsync(body, ct);
            Telemetry.Counter(TelemetryNames.Sent).Add(count);
        }
        catch (DeliveryException e)
        {
            Telemetry.Counter(TelemetryNames.Failed).For("not_accepted").Add(count);
            _logger.LogWarning(e, "Sending {Count} alerts to {Alertmanager} failed; the next resend carries them", count, client.Target);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        Telemetry.Dispose();
        foreach (var c in _clients)
        {
            c.Dispose();
        }
    }
}
