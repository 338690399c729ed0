using System.Numerics;

namespace Observability.Detection.SingleSeries;

/// <summary>
/// The Spectral Residual transform (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019),
/// in the streaming form ML.NET's SrCnn detector describes: the window of past points is extended with
/// <see cref="Lookahead"/> copies of an extrapolated next value (so the newest real point is not at the edge
/// of the FFT window), the log-amplitude spectrum minus its local average is the spectral residual, and the
/// inverse transform with the original phase gives the saliency map. Only past points are used.
/// </summary>
/// <remarks>Our own implementation: Microsoft.ML.TimeSeries, which contains SrCnn, is not served here.</remarks>
public sealed class SpectralResidual
{
    private const double Epsilon = 1e-8;
    private readonly Fft _fft;
    private readonly Complex[] _spectrum;
    private readonly double[] _logAmplitude;
    private readonly double[] _extended;
    private readonly Complex[] _inverseRow;

    /// <param name="fftLength">FFT window, a power of two; holds <c>fftLength - lookahead</c> real points.</param>
    /// <param name="lookahead">Extrapolated points appended after the newest real point (ML.NET: lookaheadWindowSize).</param>
    /// <param name="gradientPoints">Points used for the extrapolation gradient (ML.NET: backAddWindowSize).</param>
    /// <param name="averagingWindow">Width of the moving average over the log spectrum (the paper's q).</param>
    public SpectralResidual(int fftLength = 64, int lookahead = 5, int gradientPoints = 5, int averagingWindow = 3)
    {
        if (lookahead < 1 || lookahead >= fftLength / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(lookahead), lookahead, "lookahead must be in [1, fftLength/2)");
        }

        if (gradientPoints < 2 || gradientPoints > fftLength - lookahead)
        {
            throw new ArgumentOutOfRangeException(nameof(gradientPoints), gradientPoints, "gradientPoints must be in [2, history]");
        }

        if (averagingWindow < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(averagingWindow), averagingWindow, "averagingWindow must be >= 1");
        }

        _fft = new Fft(fftLength);
        Lookahead = lookahead;
        GradientPoints = gradientPoints;
        AveragingWindow = averagingWindow;
        _spectrum = new Complex[fftLength];
        _logAmplitude = new double[fftLength];
        _extended = new double[fftLength];
        _inverseRow = new Complex[fftLength];
        var k = fftLength - lookahead - 1;
        for (var j = 0; j < fftLength; j++)
        {
            _inverseRow[j] = Complex.FromPolarCoordinates(1.0, 2.0 * Math.PI * j * k / fftLength);
        }
    }

    public int FftLength => _fft.Length;

    public int Lookahead { get; }

    public int GradientPoints { get; }

    public int AveragingWindow { get; }

    /// <summary>How many real (past) points one evaluation needs.</summary>
    public int History => _fft.Length - Lookahead;

    /// <summary>
    /// Saliency of the newest point of <paramref name="history"/> (exactly <see cref="History"/> points, oldest first).
    /// </summary>
    public double SaliencyOfNewest(ReadOnlySpan<double> history)
    {
        if (history.Length != History)
        {
            throw new ArgumentException($"expected {History} points, got {history.Length}", nameof(history));
        }

        history.CopyTo(_extended);
        var predicted = Extrapolate(history);
        for (var i = history.Length; i < _extended.Length; i++)
        {
            _extended[i] = predicted;
        }

        var n = _extended.Length;
        for (var i = 0; i < n; i++)
        {
            _spectrum[i] = new Complex(_extended[i], 0);
        }

        _fft.Forward(_spectrum);
        for (var i = 0; i < n; i++)
        {
            var c = _spectrum[i];
            _logAmplitude[i] = 0.5 * Math.Log(Math.Max((c.Real * c.Real) + (c.Imaginary * c.Imaginary), Epsilon * Epsilon));
        }

        // Residual R = L - avg(L) with the original phase P: e^{R+iP} = e^{L-avg}·F/|F| = F·e^{-avg}, since e^L = |F|.
        // Only the newest real point's saliency is needed, so the inverse transform is one row of the inverse DFT.
        var q = AveragingWindow;
        var running = 0.0;
        double re = 0, im = 0;
        for (var i = 0; i < n; i++)
        {
            running += _logAmplitude[i];
            if (i >= q)
            {
                running -= _logAmplitude[i - q];
            }

            var c = _spectrum[i];
            if ((c.Real * c.Real) + (c.Imaginary * c.Imaginary) < Epsilon * Epsilon)
            {
                continue;
            }

            var g = c * Math.Exp(-running / Math.Min(i + 1, q));
            var w = _inverseRow[i];
            re += (g.Real * w.Real) - (g.Imaginary * w.Imaginary);
            im += (g.Real * w.Imaginary) + (g.Imaginary * w.Real);
        }

        return Math.Sqrt((re * re) + (im * im)) / n;
    }

    /// <summary>x̂(n+1) = x(n-m+1) + g·m with g the mean gradient of the last m points (the paper's eq. 5).</summary>
    private double Extrapolate(ReadOnlySpan<double> history)
    {
        var last = history.Length - 1;
        var m = GradientPoints;
        var gradient = 0.0;
        for (var i = 1; i < m; i++)
        {
            gradient += (history[last] - history[last - i]) / i;
        }

        gradient /= m - 1;
        return history[last - m + 1] + gradient * m;
    }
}
