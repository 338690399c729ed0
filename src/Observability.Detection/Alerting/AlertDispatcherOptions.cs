namespace Observability.Detection.Alerting;

/// <summary>Routing and delivery settings of the <see cref="AlertDispatcher"/>.</summary>
public sealed class AlertDispatcherOptions
{
    /// <summary>Routes tried in order; the first that matches takes the alert. Falls back to <see cref="DefaultRoute"/>.</summary>
    public IReadOnlyList<Route> Routes { get; init; } = [];

    public Route DefaultRoute { get; init; } = new() { Receiver = "default" };

    public IReadOnlyList<InhibitRule> InhibitRules { get; init; } = [InhibitRule.HostDownMutesGpus];

    /// <summary>Link back to this alerter in notifications (Alertmanager's externalURL).</summary>
    public string ExternalUrl { get; init; } = "http://127.0.0.1:9093";

    /// <summary>First retry delay after a transient notifier failure; doubles up to <see cref="MaxBackoff"/>, with ±20% jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts per notification before it is given up (counted as failed).</summary>
    public int MaxAttempts { get; init; } = 8;

    public void Validate()
    {
        DefaultRoute.Validate();
        foreach (var r in Routes)
        {
            r.Validate();
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"{nameof(InitialBackoff)} must be > 0 and <= {nameof(MaxBackoff)}");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"{nameof(MaxAttempts)} must be >= 1, got {MaxAttempts}");
        }
    }
}
