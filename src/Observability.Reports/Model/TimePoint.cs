namespace Observability.Reports.Model;

/// <summary>One bucket of a trend series.</summary>
public sealed record TimePoint(DateTimeOffset Time, double Value);
