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
    private readonly Complex[] _packed;
    private readonly Complex[] _unpack;
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
        if (fftLength < 4 || (fftLength & (fftLength - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fftLength), fftLength, "fftLength must be a power of two >= 4");
        }

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

        FftLength = fftLength;
        _fft = new Fft(fftLength / 2);
        _packed = new Complex[fftLength / 2];
        _unpack = new Complex[(fftLength / 2) + 1];
        for (var b = 0; b < _unpack.Length; b++)
        {
            _unpack[b] = Complex.FromPolarCoordinates(1.0, -2.0 * Math.PI * b / fftLength);
        }

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

    public int FftLength { get; }

    public int Lookahead { get; }

    public int GradientPoints { get; }

    public int AveragingWindow { get; }

    /// <summary>How many real (past) points one evaluation needs.</summary>
    public int History => FftLength - Lookahead;

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
        ForwardReal(_extended, _spectrum);
        // A real signal's spectrum is conjugate-symmetric, so the upper half's log amplitudes mirror the lower half's.
        for (var i = 0; i <= n / 2; i++)
        {
            var c = _spectrum[i];
            _logAmplitude[i] = 0.5 * Math.Log(Math.Max((c.Real * c.Real) + (c.Imaginary * c.Imaginary), Epsilon * Epsilon));
        }

        for (var i = (n / 2) + 1; i < n; i++)
        {
            _logAmplitude[i] = _logAmplitude[n - i];
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

    /// <summary>
    /// DFT of <paramref name="x"/> (real, length N) through one complex FFT of length N/2: even samples as real parts,
    /// odd ones as imaginary parts, then split into the two half spectra and combined (half the work of a complex
    /// FFT of length N, which would spend it on zero imaginary parts). The upper half is the conjugate of the lower.
    /// </summary>
    private void ForwardReal(ReadOnlySpan<double> x, Span<Complex> spectrum)
    {
        var h = _packed.Length;
        for (var m = 0; m < h; m++)
        {
            _packed[m] = new Complex(x[2 * m], x[(2 * m) + 1]);
        }

        _fft.Forward(_packed);
        for (var k = 0; k <= h; k++)
        {
            var z = _packed[k % h];
            var mirror = Complex.Conjugate(_packed[(h - k) % h]);
            var even = (z + mirror) * 0.5;
            var odd = (z - mirror) * new Complex(0, -0.5); // divided by 2i
            spectrum[k] = even + (_unpack[k] * odd);
        }

        for (var k = h + 1; k < spectrum.Length; k++)
        {
            spectrum[k] = Complex.Conjugate(spectrum[spectrum.Length - k]);
        }
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
