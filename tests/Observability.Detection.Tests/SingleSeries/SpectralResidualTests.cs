using System.Numerics;
using Observability.Detection.SingleSeries;

namespace Observability.Detection.Tests.SingleSeries;

public sealed class SpectralResidualTests
{
    [Fact]
    public void Saliency_of_the_newest_point_equals_the_full_transform_computed_naively()
    {
        var rng = new Random(3);
        var sr = new SpectralResidual(fftLength: 32, lookahead: 5, gradientPoints: 5, averagingWindow: 3);
        var history = Enumerable.Range(0, sr.History).Select(i => Math.Sin(i / 3.0) + rng.NextDouble()).ToArray();

        Assert.Equal(Naive(history, 32, 5, 5, 3), sr.SaliencyOfNewest(history), 9);
    }

    [Fact]
    public void A_spike_at_the_newest_point_is_damped_by_the_extrapolated_lookahead()
    {
        // Why the detector pairs SR with robust statistics: the extension continues the spike's own gradient, so the
        // newest point is not salient against it (ML.NET's streaming SrCnn extends the window the same way).
        var sr = new SpectralResidual();
        var series = Enumerable.Range(0, 200).Select(i => 10 + Math.Sin(i / 8.0)).ToArray();
        var ordinary = sr.SaliencyOfNewest(series.AsSpan(200 - sr.History, sr.History));
        series[199] += 8;
        Assert.True(sr.SaliencyOfNewest(series.AsSpan(200 - sr.History, sr.History)) < 5 * ordinary);
    }

    [Fact]
    public void The_fft_round_trips()
    {
        var fft = new Fft(16);
        var data = Enumerable.Range(0, 16).Select(i => new Complex(i * 0.5, -i)).ToArray();
        var copy = data.ToArray();
        fft.Forward(data);
        fft.Inverse(data);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(copy[i].Real, data[i].Real, 9);
            Assert.Equal(copy[i].Imaginary, data[i].Imaginary, 9);
        }
    }

    // The paper's steps written plainly: extend, DFT, log amplitude, minus its moving average, back with the phase, |.|.
    private static double Naive(double[] history, int n, int lookahead, int m, int q)
    {
        var last = history.Length - 1;
        var g = 0.0;
        for (var i = 1; i < m; i++)
        {
            g += (history[last] - history[last - i]) / i;
        }

        var predicted = history[last - m + 1] + (g / (m - 1) * m);
        var x = history.Concat(Enumerable.Repeat(predicted, lookahead)).ToArray();
        var f = Enumerable.Range(0, n).Select(k => Enumerable.Range(0, n).Aggregate(Complex.Zero, (s, t) => s + (x[t] * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * t / n)))).ToArray();
        var l = f.Select(c => Math.Log(c.Magnitude)).ToArray();
        var avg = Enumerable.Range(0, n).Select(i => Enumerable.Range(Math.Max(0, i - q + 1), Math.Min(i + 1, q)).Average(j => l[j])).ToArray();
        var s = Enumerable.Range(0, n).Select(k => Complex.FromPolarCoordinates(Math.Exp(l[k] - avg[k]), f[k].Phase)).ToArray();
        var t0 = history.Length - 1;
        var back = Enumerable.Range(0, n).Aggregate(Complex.Zero, (acc, k) => acc + (s[k] * Complex.FromPolarCoordinates(1, 2 * Math.PI * k * t0 / n))) / n;
        return back.Magnitude;
    }
}
