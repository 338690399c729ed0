namespace Observability.Reports.Tests.Seed;

/// <summary>Reference statistics computed in C#, independent of the SQL under test.</summary>
public static class Stats
{
    /// <summary>Linear-interpolated quantile (the definition of DuckDB's quantile_cont and numpy's default).</summary>
    public static double? Quantile(IEnumerable<double> values, double q)
    {
        var s = values.Order().ToArray();
        if (s.Length == 0)
        {
            return null;
        }

        var pos = q * (s.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return s[lo] + ((s[hi] - s[lo]) * (pos - lo));
    }

    public static bool In(this DateTimeOffset t, Model.ReportPeriod p) => t >= p.Start && t < p.End;
}
