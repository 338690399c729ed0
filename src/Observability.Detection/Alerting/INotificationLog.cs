namespace Observability.Detection.Alerting;

/// <summary>Durable record of what each receiver was told, so a restarted alerter does not notify again.</summary>
public interface INotificationLog
{
    ValueTask<NotificationLogEntry?> GetAsync(string receiver, string groupKey, CancellationToken cancellationToken);

    ValueTask PutAsync(NotificationLogEntry entry, CancellationToken cancellationToken);
}
