namespace Observability.Reports.Model;

/// <summary>Alerts fired and resolved, time to resolve, noisiest rules, silences.</summary>
public sealed record AlertSection(
    bool HasData,
    Figure Fired,
    Figure Resolved,
    Figure TimeToResolveP50Minutes,
    IReadOnlyList<AlertSection.RuleCount> NoisiestRules,
    Figure SilencesCreated)
{
    public sealed record RuleCount(string Rule, long Fired);
}
