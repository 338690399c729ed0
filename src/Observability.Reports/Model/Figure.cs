namespace Observability.Reports.Model;

/// <summary>A figure of the report period next to the same figure of the previous period (null = no data).</summary>
public sealed record Figure(double? Current, double? Previous)
{
    /// <summary>Current minus previous; null when either side has no data.</summary>
    public double? Change => Current is { } c && Previous is { } p ? c - p : null;

    public static Figure Of(double? current, double? previous) => new(current, previous);
}
