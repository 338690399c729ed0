using Observability.Core.Options;
using Observability.Detection.SingleSeries;

namespace Observability.Detection.Tests.SingleSeries;

public sealed class SeriesAnomalyDetectorTests
{
    private static double[] Series(int seed, int n)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => 50 + (5 * Math.Sin(i / 20.0)) + rng.NextDouble()).ToArray();
    }

    [Fact]
    public void A_level_shift_is_flagged_soon_after_it_starts_and_explained()
    {
        var data = Series(1, 1500);
        for (var i = 1200; i < data.Length; i++)
        {
            data[i] += 30;
        }

        var detector = new SeriesAnomalyDetector();
        var flags = new List<(int Index, SeriesScore Score)>();
        for (var i = 0; i < data.Length; i++)
        {
            var s = detector.Add(data[i]);
            if (s.IsAnomaly)
            {
                flags.Add((i, s));
            }
        }

        var hit = Assert.Single(flags, f => f.Index is >= 1200 and < 1210);
        Assert.InRange(hit.Score.Score, 90, 100);
        Assert.Contains("robust z", hit.Score.Explain(), StringComparison.Ordinal);
        Assert.True(hit.Score.RobustZ > 5);
    }

    [Fact]
    public void Scores_never_depend_on_points_that_come_later()
    {
        var a = Series(2, 800);
        var b = a.ToArray();
        for (var i = 500; i < b.Length; i++)
        {
            b[i] = -b[i] * 3;
        }

        var da = new SeriesAnomalyDetector();
        var db = new SeriesAnomalyDetector();
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(da.Add(a[i]), db.Add(b[i]));
        }
    }

    [Fact]
    public void A_non_finite_sample_is_scored_100_without_breaking_the_detector()
    {
        var detector = new SeriesAnomalyDetector();
        foreach (var v in Series(3, 300))
        {
            detector.Add(v);
        }

        Assert.Equal(100, detector.Add(double.NaN).Score);
        Assert.True(double.IsFinite(detector.Add(50).Score));
    }

    [Fact]
    public void Invalid_options_name_the_bad_key()
    {
        var e = Assert.Throws<ObsConfigException>(() => new SeriesAnomalyDetector(new SeriesDetectorOptions { FftLength = 100 }));
        Assert.Equal("detection.series.fft_length", e.Key);
    }
}
