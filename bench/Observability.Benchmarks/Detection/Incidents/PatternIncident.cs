namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>
/// One injected log-pattern incident: a burst of <see cref="Lines"/> lines of one template on one host/job between
/// <see cref="Start"/> and <see cref="End"/>. <see cref="IsNew"/>: the template never occurs in the background;
/// otherwise it is one of the background's sporadic (rare) templates.
/// </summary>
public sealed record PatternIncident(int Index, string Template, bool IsNew, string Host, string Job, DateTimeOffset Start, DateTimeOffset End, int Lines)
{
    public override string ToString() => FormattableString.Invariant($"#{Index} {(IsNew ? "new" : "rare")} {Template} on {Host}/{Job} at {Start:HH:mm:ss} ({Lines} lines in {(End - Start).TotalSeconds:F0} s)");
}
