namespace Observability.Reports.Model;

/// <summary>Error volume, its hourly trend, and the error patterns behind it.</summary>
public sealed record LogSection(
    bool HasData,
    Figure Lines,
    Figure Errors,
    Figure ErrorRatePct,
    IReadOnlyList<TimePoint> ErrorRateTrend,
    IReadOnlyList<LogSection.ErrorPattern> TopPatterns,
    IReadOnlyList<LogSection.ErrorPattern> NewPatterns,
    string PatternSource)
{
    public sealed record ErrorPattern(string Pattern, string Example, long Count, long PreviousCount);
}
