using Observability.Reports.Delivery;

namespace Observability.Reports;

/// <summary>A finished run: the report, how long it took, and the deliveries that failed (name, reason).</summary>
public sealed record ReportRunResult(ReportArtifacts Artifacts, TimeSpan Elapsed, IReadOnlyList<(string Delivery, string Error)> FailedDeliveries);
