namespace Observability.Detection.SingleSeries;

/// <summary>Season lengths in points from the sampling interval of timestamps already seen.</summary>
public static class SeasonDetection
{
    /// <summary>Points per day for the median spacing of <paramref name="timestamps"/>; 0 when it cannot be told (too few, irregular beyond a day).</summary>
    public static int DailyPeriod(IReadOnlyList<DateTime> timestamps)
    {
        if (timestamps.Count < 3)
        {
            return 0;
        }

        var gaps = new double[timestamps.Count - 1];
        for (var i = 1; i < timestamps.Count; i++)
        {
            gaps[i - 1] = (timestamps[i] - timestamps[i - 1]).TotalSeconds;
        }

        Array.Sort(gaps);
        var median = gaps[gaps.Length / 2];
        if (median <= 0 || median >= 86400)
        {
            return 0;
        }

        var period = (int)Math.Round(86400 / median);
        return period is >= 2 and <= 100_000 ? period : 0;
    }
}
