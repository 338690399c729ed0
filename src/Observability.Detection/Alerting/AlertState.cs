namespace Observability.Detection.Alerting;

/// <summary>Where an alert is in its lifecycle: pending (condition true, waiting for <c>for</c>), firing, resolved.</summary>
public enum AlertState
{
    Pending,
    Firing,
    Resolved,
}
