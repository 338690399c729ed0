namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>
/// The log-pattern suite over its seeds: incidents and how many were alerted on, pattern alerts and how many were
/// true (on an incident's host and pattern, during it or within the grace after it), and the delay from an
/// incident's first line to its first alert.
/// </summary>
public sealed record PatternIncidentResult(
    int Incidents,
    int Detected,
    int Alerts,
    int TrueAlerts,
    long Lines,
    double HostDays,
    IReadOnlyList<double> SecondsToAlert,
    IReadOnlyList<string> Missed,
    IReadOnlyList<string> FalseAlerts)
{
    public double Recall => Incidents == 0 ? 0 : Detected / (double)Incidents;

    public double Precision => Alerts == 0 ? 0 : TrueAlerts / (double)Alerts;

    public double Percentile(double q)
    {
        if (SecondsToAlert.Count == 0)
        {
            return double.NaN;
        }

        // Nearest rank, as the other benches report percentiles.
        var sorted = SecondsToAlert.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
