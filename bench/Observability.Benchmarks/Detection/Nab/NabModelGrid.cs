using System.Globalization;
using Observability.Detection.SingleSeries;

namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// The grids <c>obs bench detect --cv</c> selects from. Kept small on purpose (a handful of models, each run once
/// per file; thresholds and cool-downs swept over stored scores): a large grid would fit the folds it selects on.
/// </summary>
public static class NabModelGrid
{
    public static readonly int[] Cooldowns = [60, 120, 240, 480];

    public static readonly double[] LikelihoodThresholds = [95, 96, 97, 98, 99, 99.5, 99.9, 99.99];

    /// <summary>Direct-mode scores are 100·s/(1+s) of the surprise s (in robust σ); these are s = 5 … 50.</summary>
    public static readonly double[] DirectThresholds = [83.333, 88.889, 92.308, 95.238, 96.774, 98.039];

    public static readonly double[] ReferenceThresholds = [3, 4, 5, 6, 8, 10, 15, 20];

    public static readonly int[] ReferenceWindows = [64, 256];

    /// <summary>The grid model <see cref="NabBenchmark.DefaultOptions"/> ships (with its threshold and cool-down).</summary>
    public const string ShippedModel = "sr+z likelihood";

    public static IReadOnlyList<NabModel> Detector()
    {
        var models = new List<NabModel>
        {
            Model("sr+z likelihood", NabBenchmark.BaseOptions(), true, LikelihoodThresholds),
            Model("z-only likelihood", With(NabBenchmark.BaseOptions(), o => o.SpectralWeight = 0), true, LikelihoodThresholds),
            Model("sr+z likelihood short=4", With(NabBenchmark.BaseOptions(), o => o.ShortWindow = 4), true, LikelihoodThresholds),
            Model("sr+z likelihood window=500", With(NabBenchmark.BaseOptions(), o => o.LikelihoodWindow = 500), true, LikelihoodThresholds),
            Model("sr+z likelihood no-season", NabBenchmark.BaseOptions(), false, LikelihoodThresholds),
            Model("sr+z direct", With(NabBenchmark.BaseOptions(), o => { o.Direct = true; o.SpikeThreshold = 0; }), true, DirectThresholds),
        };
        return models;
    }

    public static IReadOnlyList<NabModel> Reference() =>
        ReferenceWindows.Select(w => new NabModel(
            string.Create(CultureInfo.InvariantCulture, $"median/MAD z window={w}"),
            string.Create(CultureInfo.InvariantCulture, $"RobustZReference window={w}"),
            f => RobustZReference.Score(f.Values, w),
            NabBenchmark.BaseOptions().Warmup,
            ReferenceThresholds,
            Cooldowns)).ToList();

    private static NabModel Model(string name, SeriesDetectorOptions options, bool dailySeason, double[] thresholds)
    {
        // The sweep reads SeriesScore.Score as the flag decision; that holds only while a spike (which flags on its
        // own) always scores at least the threshold, and while no record gate vetoes a flag.
        if (options.RecordMargin >= 0 || (options.SpikeThreshold > 0 && thresholds.Any(t => t > options.SpikeThreshold)))
        {
            throw new ArgumentException($"{name}: thresholds above SpikeThreshold or a record gate cannot be swept from stored scores");
        }

        options.Validate();
        return new NabModel(name, Describe(options, dailySeason), f => Scores(f, options, dailySeason), options.Warmup, thresholds, Cooldowns);
    }

    public static double[] Scores(NabFile file, SeriesDetectorOptions options, bool dailySeason)
    {
        var detector = new SeriesAnomalyDetector(dailySeason ? NabBenchmark.WithDailySeason(options, file.Timestamps) : options);
        var scores = new double[file.Values.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = detector.Add(file.Values[i]).Score;
        }

        return scores;
    }

    private static SeriesDetectorOptions With(SeriesDetectorOptions options, Action<SeriesDetectorOptions> change)
    {
        change(options);
        return options;
    }

    private static string Describe(SeriesDetectorOptions o, bool dailySeason) => string.Create(CultureInfo.InvariantCulture,
        $"SpectralWeight={o.SpectralWeight} ShortWindow={o.ShortWindow} LikelihoodWindow={o.LikelihoodWindow} Direct={o.Direct} SpikeThreshold={o.SpikeThreshold} DailySeason={dailySeason}");
}
