namespace Observability.Detection.Alerting;

/// <summary>
/// Receives every alert state change the alerter made (after the lifecycle store has it). <see cref="Offer"/> must not
/// block the evaluation loop: a sink queues and writes on its own.
/// </summary>
public interface IAlertChangeSink
{
    void Offer(IReadOnlyList<Alert> changes);
}
