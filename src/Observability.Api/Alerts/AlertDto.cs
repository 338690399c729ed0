using Observability.Detection.Alerting;

namespace Observability.Api.Alerts;

/// <summary>An <see cref="Alert"/> on the wire.</summary>
public sealed record AlertDto(
    Dictionary<string, string> Labels,
    Dictionary<string, string> Annotations,
    string State,
    DateTimeOffset ActiveAt,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset UpdatedAt,
    double Score,
    string? GeneratorUrl,
    string? AcknowledgedBy)
{
    /// <summary>The alert's fingerprint (its labels' hash), so a page can acknowledge it; ignored when read back.</summary>
    public string? Fingerprint { get; init; }

    public static AlertDto From(Alert a) => new(
        new Dictionary<string, string>(a.Labels.ToDictionary(), StringComparer.Ordinal),
        new Dictionary<string, string>(a.Annotations, StringComparer.Ordinal),
        a.State.ToString().ToLowerInvariant(), a.ActiveAt, a.StartsAt, a.EndsAt, a.UpdatedAt, a.Score, a.GeneratorUrl, a.AcknowledgedBy)
    {
        Fingerprint = a.Fingerprint,
    };

    public Alert ToAlert() => new()
    {
        Labels = new LabelSet(Labels),
        Annotations = Annotations,
        State = Enum.Parse<AlertState>(State, ignoreCase: true),
        ActiveAt = ActiveAt,
        StartsAt = StartsAt,
        EndsAt = EndsAt,
        UpdatedAt = UpdatedAt,
        Score = Score,
        GeneratorUrl = GeneratorUrl,
        AcknowledgedBy = AcknowledgedBy,
    };
}
