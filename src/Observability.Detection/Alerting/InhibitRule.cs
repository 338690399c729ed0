namespace Observability.Detection.Alerting;

/// <summary>
/// Alertmanager inhibition: a firing alert matching <see cref="SourceMatchers"/> mutes alerts matching
/// <see cref="TargetMatchers"/> that carry the same values for every label in <see cref="Equal"/>.
/// </summary>
public sealed record InhibitRule(IReadOnlyList<LabelMatcher> SourceMatchers, IReadOnlyList<LabelMatcher> TargetMatchers, IReadOnlyList<string> Equal)
{
    /// <summary>A host that is down mutes the alerts of its GPUs (any alert with a <c>gpu</c> label on that host).</summary>
    public static InhibitRule HostDownMutesGpus { get; } = new(
        [new LabelMatcher("alertname", MatchOperator.Equal, "HostDown")],
        [new LabelMatcher("gpu", MatchOperator.Regex, ".+")],
        ["host"]);

    public bool Inhibits(Alert source, Alert target) =>
        source.State == AlertState.Firing
        && source.Fingerprint != target.Fingerprint
        && SourceMatchers.All(m => m.Matches(source.Labels))
        && TargetMatchers.All(m => m.Matches(target.Labels))
        && Equal.All(l => source.Labels[l] == target.Labels[l]);
}
