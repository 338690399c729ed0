using Observability.Core.Delivery;

namespace Observability.Detection.Alerting;

/// <summary>Delivers a notification to one receiver integration (webhook, PagerDuty, e-mail, file).</summary>
public interface INotifier
{
    /// <summary>Receiver name from the configuration.</summary>
    string Receiver { get; }

    /// <summary>Integration name within the receiver (webhook, pagerduty, email, file); keys the notification log.</summary>
    string Integration { get; }

    /// <summary>Whether resolved alerts are sent (Alertmanager's send_resolved).</summary>
    bool SendResolved { get; }

    /// <summary>Sends once; throws <see cref="DeliveryException"/> (transient or not) on failure. Retries are the caller's.</summary>
    Task NotifyAsync(NotificationMessage message, CancellationToken cancellationToken);
}
