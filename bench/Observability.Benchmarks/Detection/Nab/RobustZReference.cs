using Observability.Detection.SingleSeries;

namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// The naive baseline the detector must beat: each point's |robust z| against the median and MAD of the
/// previous <c>window</c> points (no spectral term, no likelihood, no season). Its threshold and cool-down are
/// swept by <see cref="FlagSweep"/> like the detector's.
/// </summary>
public static class RobustZReference
{
    /// <summary>Past points needed before a z is given; fewer cannot tell a MAD from noise.</summary>
    public const int MinPoints = 16;

    public static double[] Score(IReadOnlyList<double> values, int window)
    {
        var level = new RollingMedian(window);
        var scores = new double[values.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
            {
                scores[i] = double.PositiveInfinity;
                continue;
            }

            if (level.Count >= MinPoints)
            {
                var median = level.Median();
                // The same floor as the detector's: a flat window must not turn every tiny step into infinity.
                var scale = Math.Max(RollingMedian.MadToSigma * level.Mad(), Math.Max(1e-3 * Math.Abs(median), 1e-9));
                scores[i] = Math.Abs(v - median) / scale;
            }

            level.Add(v);
        }

        return scores;
    }
}
