namespace Observability.Detection.Alerting;

/// <summary>
/// One alert instance: identified by its labels (fingerprint), with annotations for humans, the anomaly
/// <see cref="Score"/> (0–100) and its explanation, and its lifecycle times. <see cref="EndsAt"/> is null while firing.
/// </summary>
public sealed record Alert
{
    public required LabelSet Labels { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public AlertState State { get; init; }

    /// <summary>When the condition first became true (pending since).</summary>
    public DateTimeOffset ActiveAt { get; init; }

    /// <summary>When the alert started firing.</summary>
    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public double Score { get; init; }

    public string? GeneratorUrl { get; init; }

    public string? AcknowledgedBy { get; init; }

    public string Fingerprint => Labels.Fingerprint;

    public string Name => Labels["alertname"] ?? "unnamed";
}
