using Observability.Core.Options;

namespace Observability.Detection.Alerting;

/// <summary>
/// Where matching alerts go and how they are batched, with Alertmanager's meanings: alerts with the same values
/// of <see cref="GroupBy"/> form one group; a new group waits <see cref="GroupWait"/> before its first
/// notification, later changes are sent at most every <see cref="GroupInterval"/>, and an unchanged group is
/// re-sent after <see cref="RepeatInterval"/>.
/// </summary>
public sealed record Route
{
    public required string Receiver { get; init; }

    public IReadOnlyList<LabelMatcher> Matchers { get; init; } = [];

    public IReadOnlyList<string> GroupBy { get; init; } = ["alertname"];

    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Alertmanager's route key: <c>{}</c> for a catch-all route, <c>{}/{matchers}</c> otherwise.</summary>
    public string Key => Matchers.Count == 0 ? "{}" : "{}/{" + string.Join(",", Matchers.Select(m => m.ToString())) + "}";

    public bool Matches(LabelSet labels) => Matchers.All(m => m.Matches(labels));

    /// <summary>
    /// The root route is built from obs.yml's <c>detection</c> block (<c>detection.default_receiver</c>,
    /// <c>detection.group_wait</c>, ...), hence the defaults; a route set in code passes its own <paramref name="prefix"/>.
    /// </summary>
    public void Validate(string prefix = "detection", string receiverKey = "detection.default_receiver")
    {
        OptionsCheck.NotEmpty(receiverKey, Receiver);
        OptionsCheck.That(GroupWait >= TimeSpan.Zero, $"{prefix}.group_wait", $"must be >= 0 (route {Key}), got {GroupWait}");
        OptionsCheck.That(GroupInterval > TimeSpan.Zero, $"{prefix}.group_interval", $"must be > 0 (route {Key}), got {GroupInterval}");
        OptionsCheck.That(RepeatInterval > TimeSpan.Zero, $"{prefix}.repeat_interval", $"must be > 0 (route {Key}), got {RepeatInterval}");
    }
}
