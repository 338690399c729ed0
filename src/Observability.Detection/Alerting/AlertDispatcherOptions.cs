using Observability.Core.Options;

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

    /// <summary>
    /// The default route comes from obs.yml's <c>detection</c> block; the other settings are set in code only, so
    /// their errors name the property (<c>AlertDispatcherOptions.MaxAttempts</c>).
    /// </summary>
    public void Validate()
    {
        DefaultRoute.Validate();
        for (var i = 0; i < Routes.Count; i++)
        {
            Routes[i].Validate($"AlertDispatcherOptions.Routes[{i}]", $"AlertDispatcherOptions.Routes[{i}].Receiver");
        }

        OptionsCheck.That(InitialBackoff > TimeSpan.Zero && InitialBackoff <= MaxBackoff, "AlertDispatcherOptions.InitialBackoff",
            $"must be > 0 and <= MaxBackoff ({MaxBackoff}), got {InitialBackoff}");
        OptionsCheck.That(MaxAttempts >= 1, "AlertDispatcherOptions.MaxAttempts", $"must be >= 1, got {MaxAttempts}");
    }
}
