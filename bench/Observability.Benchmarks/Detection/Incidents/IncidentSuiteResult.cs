namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>Outcome of the incident suite: per-kind detection, false alerts, and the node-days simulated.</summary>
public sealed record IncidentSuiteResult(
    int Incidents,
    int Detected,
    int FalseAlerts,
    double NodeDays,
    long Documents,
    IReadOnlyDictionary<IncidentKind, (int Total, int Detected)> PerKind,
    IReadOnlyList<string> FalseAlertSamples,
    IReadOnlyList<string> Missed)
{
    public double Recall => Incidents == 0 ? 1 : Detected / (double)Incidents;

    public double FalseAlertsPerNodeDay => FalseAlerts / NodeDays;
}
