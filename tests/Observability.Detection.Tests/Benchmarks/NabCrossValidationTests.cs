using Observability.Benchmarks.Detection.Nab;

namespace Observability.Detection.Tests.Benchmarks;

public sealed class NabCrossValidationTests
{
    private static readonly DateTime T0 = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A noisy file with a spike of <paramref name="height"/> at row 700 inside a labelled window.</summary>
    private static NabFile Synthetic(string name, int seed, double height, double noise = 1)
    {
        var rng = new Random(seed);
        var ts = Enumerable.Range(0, 1000).Select(i => T0.AddMinutes(5 * i)).ToList();
        var values = Enumerable.Range(0, 1000).Select(i => 10 + (noise * rng.NextDouble()) + (i == 700 ? height : 0)).ToList();
        return new NabFile(name, ts, values, [(ts[650], ts[749])]);
    }

    private static List<NabFile> Corpus(double heldOutNoise) =>
    [
        Synthetic("a/1.csv", 1, 8), Synthetic("a/2.csv", 2, 6),
        Synthetic("b/1.csv", 3, 9), Synthetic("b/2.csv", 4, 5),
        Synthetic("c/1.csv", 5, 7, heldOutNoise), Synthetic("c/2.csv", 6, 9, heldOutNoise),
    ];

    [Fact]
    public void Sweeping_stored_scores_gives_the_streaming_detectors_flags()
    {
        var file = NabCorpus.Load(NabScorerTests.NabDir).First(f => f.Name.StartsWith("realAdExchange/", StringComparison.Ordinal));
        var options = NabBenchmark.BaseOptions();
        var scores = NabModelGrid.Scores(file, options, dailySeason: true);
        foreach (var (threshold, cooldown) in new[] { (96.0, 120), (99.0, 60), (99.99, 480) })
        {
            options.Threshold = threshold;
            options.Cooldown = cooldown;
            var streamed = NabBenchmark.Run([file], options).Detections[file.Name];
            var swept = FlagSweep.Flags(scores, options.Warmup, threshold, cooldown);
            var sweptTimes = file.Timestamps.Where((_, i) => swept[i]).ToList();
            Assert.Equal(streamed, sweptTimes);
        }
    }

    [Fact]
    public void A_folds_choice_depends_only_on_the_other_categories()
    {
        var quiet = NabCrossValidation.Run(Corpus(heldOutNoise: 1), NabModelGrid.Reference(), NabModelGrid.Reference());
        var noisy = NabCrossValidation.Run(Corpus(heldOutNoise: 40), NabModelGrid.Reference(), NabModelGrid.Reference());

        var quietFold = Assert.Single(quiet.Folds, f => f.Category == "c");
        var noisyFold = Assert.Single(noisy.Folds, f => f.Category == "c");
        Assert.Equal(quietFold.Choice.ToString(), noisyFold.Choice.ToString());
        // The held-out data did change what the fold scores, so the test would notice a choice that looked at it.
        Assert.NotEqual(quietFold.Detector.Raw, noisyFold.Detector.Raw);
        Assert.Equal(3, quiet.Folds.Count);
        Assert.Equal(2, quietFold.Files);
    }

    [Fact]
    public void A_category_without_windows_has_no_normalised_score_and_is_compared_by_raw_score()
    {
        var files = Corpus(heldOutNoise: 1);
        files.Add(new NabFile("z/flat.csv", files[0].Timestamps, files[0].Values.Select((v, i) => i == 700 ? 10.5 : v).ToList(), []));
        var result = NabCrossValidation.Run(files, NabModelGrid.Reference(), NabModelGrid.Reference());

        var fold = Assert.Single(result.Folds, f => f.Category == "z");
        Assert.True(double.IsNaN(fold.Detector.Standard));
        Assert.True(fold.Detector.Raw <= 0);
        Assert.False(double.IsNaN(result.CvMean));
        Assert.Equal(4, result.Folds.Count);
        Assert.Equal(result.Folds.Sum(f => f.Detector.FalseAlarms), result.Pooled.FalseAlarms);
        Assert.Equal(result.Folds.Sum(f => f.Reference.Raw), result.ReferencePooled.Raw, 9);
    }

    [Fact]
    public void False_alarms_per_week_count_the_scored_span_only()
    {
        var file = Synthetic("a/1.csv", 1, 8);
        var flags = new bool[1000];
        flags[200] = flags[900] = true;
        var summary = NabSummary.Of([file], [NabScorer.ScoreFile(file, flags, NabProfile.Standard)]);

        // 1000 rows of 5 minutes; probation 150 rows; scored span 849 × 5 min; both flags are outside the window.
        Assert.Equal(2, summary.FalseAlarms);
        Assert.Equal(849 * 5 / (7 * 24 * 60.0), summary.SeriesWeeks, 9);
        Assert.Equal(2 / summary.SeriesWeeks, summary.FalseAlarmsPerSeriesWeek, 9);
    }
}
