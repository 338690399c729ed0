namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// A set of files scored together: the NAB standard score (normalised, NaN without labelled windows), the raw sum
/// it is normalised from, window counts, false alarms and false alarms per series per simulated week (over the
/// scored part of each file, after NAB's probation).
/// </summary>
public sealed record NabSummary(double Standard, double Raw, int Windows, int Detected, int FalseAlarms, double SeriesWeeks)
{
    public double FalseAlarmsPerSeriesWeek => SeriesWeeks > 0 ? FalseAlarms / SeriesWeeks : 0;

    public static NabSummary Of(IReadOnlyList<NabFile> files, IReadOnlyList<NabFileScore> scores)
    {
        var labelled = scores.Sum(s => s.LabelledWindows);
        var standard = labelled == 0 ? double.NaN : NabScorer.Normalise(scores, NabProfile.Standard);
        var weeks = files.Sum(ScoredWeeks);
        return new NabSummary(standard, scores.Sum(s => s.Raw), scores.Sum(s => s.ScorableWindows), scores.Sum(s => s.DetectedWindows), scores.Sum(s => s.FalsePositives), weeks);
    }

    /// <summary>Simulated time NAB scores in a file: from the end of the probation to the last row, in weeks.</summary>
    public static double ScoredWeeks(NabFile file)
    {
        var n = file.Timestamps.Count;
        var probation = NabScorer.ProbationaryLength(n);
        return n == 0 || probation >= n ? 0 : (file.Timestamps[n - 1] - file.Timestamps[probation]).TotalDays / 7.0;
    }
}
