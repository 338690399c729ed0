using Observability.Detection.Alerting;

namespace Observability.Detection.Anomalies;

/// <summary>
/// A detector's finding: which detector, which entity (host, GPU, job, rank as labels), when, a score 0–100, and
/// the explanation — the series or features that drove it.
/// </summary>
public sealed record Anomaly(string Detector, string Kind, LabelSet Entity, DateTimeOffset Timestamp, double Score, string Explanation);
