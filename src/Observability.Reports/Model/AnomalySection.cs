namespace Observability.Reports.Model;

/// <summary>Anomalies raised by the detectors (alerts carrying a <c>detector</c> label).</summary>
public sealed record AnomalySection(bool HasData, Figure Total, IReadOnlyList<AnomalySection.DetectorCount> ByDetector)
{
    public sealed record DetectorCount(string Detector, string Kind, long Count);
}
