namespace Observability.Detection.Alerting;

/// <summary>
/// A silence: mutes every alert that matches all <see cref="Matchers"/> (and the KQL <see cref="Query"/>,
/// when given, evaluated on the alert's labels and annotations) between <see cref="StartsAt"/> and <see cref="EndsAt"/>.
/// </summary>
public sealed record Silence
{
    public required string Id { get; init; }

    public IReadOnlyList<LabelMatcher> Matchers { get; init; } = [];

    public string? Query { get; init; }

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; init; }

    public required string CreatedBy { get; init; }

    public required string Comment { get; init; }

    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;
}
