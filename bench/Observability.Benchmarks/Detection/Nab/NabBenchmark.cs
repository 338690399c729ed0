using Observability.Detection.SingleSeries;

namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// Streams every NAB file through a fresh <see cref="SeriesAnomalyDetector"/> (same options for all files),
/// one point at a time, and scores the flags with <see cref="NabScorer"/>.
/// </summary>
public static class NabBenchmark
{
    /// <summary>
    /// The one parameter set used for every NAB file: <see cref="BaseOptions"/> with the model, threshold and
    /// cool-down that <c>obs bench detect --cv</c> selects with every category in training (its full_choice line).
    /// </summary>
    public static SeriesDetectorOptions DefaultOptions()
    {
        var options = BaseOptions();
        options.Threshold = 96;
        options.Cooldown = 120;
        return options;
    }

    /// <summary>The settings the cross-validation grid varies from (its threshold and cool-down are swept).</summary>
    public static SeriesDetectorOptions BaseOptions() => new()
    {
        Threshold = 96,
        SpikeThreshold = 99.99,
        ShortWindow = 12,
        LikelihoodWindow = 1500,
        SpectralWeight = 0.3,
        Cooldown = 120,
        RobustWindow = 256,
        JudgementWindow = 11,
        SeasonalFitRatio = 0.9,
        FftLength = 128,
    };

    public static NabRunResult Run(IReadOnlyList<NabFile> files, SeriesDetectorOptions options, bool dailySeason = true)
    {
        var detections = new Dictionary<string, IReadOnlyList<DateTime>>(StringComparer.Ordinal);
        var scores = new List<NabFileScore>();
        foreach (var file in files)
        {
            var detector = new SeriesAnomalyDetector(dailySeason ? WithDailySeason(options, file.Timestamps) : options);
            var flags = new bool[file.Values.Count];
            var flagged = new List<DateTime>();
            for (var i = 0; i < flags.Length; i++)
            {
                flags[i] = detector.Add(file.Values[i]).IsAnomaly;
                if (flags[i])
                {
                    flagged.Add(file.Timestamps[i]);
                }
            }

            detections[file.Name] = flagged;
            scores.Add(NabScorer.ScoreFile(file, flags, NabProfile.Standard));
        }

        var standard = NabScorer.Normalise(scores, NabProfile.Standard);
        var windows = scores.Sum(s => s.ScorableWindows);
        var detected = scores.Sum(s => s.DetectedWindows);
        var falseAlarms = scores.Sum(s => s.FalsePositives);
        var recall = windows == 0 ? 0 : detected / (double)windows;
        var precision = detected + falseAlarms == 0 ? 0 : detected / (double)(detected + falseAlarms);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new NabRunResult(standard, precision, recall, f1, windows, detected, falseAlarms, scores, detections);
    }

    /// <summary>
    /// One day of samples as the season, from the median spacing of the first points only (what a streaming
    /// detector has seen when it starts scoring); the same rule for every file.
    /// </summary>
    public static SeriesDetectorOptions WithDailySeason(SeriesDetectorOptions options, IReadOnlyList<DateTime> timestamps)
    {
        var seen = Math.Min(timestamps.Count, options.Warmup + 1);
        var period = SeasonDetection.DailyPeriod(timestamps.Take(seen).ToList());
        var copy = (SeriesDetectorOptions)options.Clone();
        copy.SeasonPeriod = period;
        return copy;
    }
}
