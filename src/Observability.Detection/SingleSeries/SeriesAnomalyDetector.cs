namespace Observability.Detection.SingleSeries;

/// <summary>
/// Streaming single-series detector. Each new point is scored from the past only: the Spectral Residual
/// saliency of the newest point (relative to the mean saliency of the last <see cref="SeriesDetectorOptions.JudgementWindow"/>
/// points, as ML.NET's SrCnn does) and its robust z against the median/MAD of the past window are combined into
/// a raw score; the raw score is then compared with its own long-run distribution (a Gaussian tail, as
/// Numenta's anomaly likelihood does) so one threshold fits series of any scale. After a flag the detector
/// stays quiet for <see cref="SeriesDetectorOptions.Cooldown"/> points: one event, one alert.
/// </summary>
public sealed class SeriesAnomalyDetector
{
    private readonly SeriesDetectorOptions _options;
    private readonly SpectralResidual _sr;
    private readonly RollingWindow _history;
    private readonly double[] _buffer;
    private readonly RollingWindow _saliencies;
    private readonly RollingMedian _level;
    private readonly RollingWindow _raw;
    private readonly RollingWindow _recent;
    private readonly SeasonalModel? _seasonal;
    private readonly RollingMedian _pastShort;
    private double _rawSum;
    private double _rawSumSq;
    private long _seen;
    private long _quietUntil;

    public SeriesAnomalyDetector(SeriesDetectorOptions? options = null)
    {
        _options = options ?? new SeriesDetectorOptions();
        _options.Validate();
        _sr = new SpectralResidual(_options.FftLength, _options.Lookahead, _options.GradientPoints, _options.AveragingWindow);
        _history = new RollingWindow(_sr.History);
        _buffer = new double[_sr.History];
        _saliencies = new RollingWindow(_options.JudgementWindow);
        _level = new RollingMedian(_options.RobustWindow);
        _raw = new RollingWindow(_options.LikelihoodWindow);
        _recent = new RollingWindow(_options.ShortWindow);
        _pastShort = new RollingMedian(_options.LikelihoodWindow);
        _seasonal = _options.SeasonPeriod >= 2 ? new SeasonalModel(_options.SeasonPeriod, _options.Seasons, _options.RobustWindow) : null;
    }

    public long Seen => _seen;

    public SeriesScore Add(double value)
    {
        if (!double.IsFinite(value))
        {
            // A non-finite sample cannot be placed on the scale; it is maximally surprising and not learned from.
            return new SeriesScore(100, _seen >= _options.Warmup && _seen >= _quietUntil, 0, double.PositiveInfinity, _level.Median(), 0, value);
        }

        _seen++;
        _history.Add(value);

        var saliencyRatio = 0.0;
        if (_history.IsFull)
        {
            _history.CopyTo(_buffer);
            var saliency = _sr.SaliencyOfNewest(_buffer);
            if (_saliencies.Count > 0)
            {
                var mean = _saliencies.Mean();
                saliencyRatio = mean > 1e-12 ? (saliency - mean) / mean : 0;
            }

            _saliencies.Add(saliency);
        }

        var median = _level.Median();
        var scale = Math.Max(RollingMedian.MadToSigma * _level.Mad(), Math.Max(_options.MinRelativeScale * Math.Abs(median), 1e-9));
        var minScale = Math.Max(_options.MinRelativeScale * Math.Abs(median), 1e-9);
        var robustZ = _level.Count > 0 ? (value - median) / scale : 0;
        _level.Add(value);
        if (_seasonal is not null)
        {
            var seasonalZ = _seasonal.Add(value, minScale);
            if (_seasonal.IsReady && _seasonal.Scale < _options.SeasonalFitRatio * scale)
            {
                robustZ = seasonalZ;
                scale = _seasonal.Scale;
            }
        }

        var w = _options.SpectralWeight;
        var raw = (w * Math.Log(1 + Math.Max(saliencyRatio, 0))) + ((1 - w) * Math.Log(1 + Math.Abs(robustZ)));

        _recent.Add(raw);
        var shortMean = _recent.Mean();
        var score = 0.0;
        var spike = false;
        if (_raw.Count >= Math.Min(_options.LikelihoodWindow, 16))
        {
            var n = _raw.Count;
            var mean = _rawSum / n;
            var variance = Math.Max((_rawSumSq / n) - (mean * mean), 0);
            var std = Math.Max(Math.Sqrt(variance), 1e-6);
            score = 100.0 * NormalDistribution.Cdf((shortMean - mean) / std);
            if (_options.SpikeThreshold > 0)
            {
                var single = 100.0 * NormalDistribution.Cdf((raw - mean) / std);
                spike = single >= _options.SpikeThreshold;
                score = Math.Max(score, spike ? single : 0);
            }
        }

        var evicted = _raw.Add(raw);
        _rawSum += raw;
        _rawSumSq += raw * raw;
        if (evicted is { } old)
        {
            _rawSum -= old;
            _rawSumSq -= old * old;
        }

        var record = true;
        if (_options.RecordMargin >= 0)
        {
            var max = _pastShort.Count > 0 ? _pastShort.Quantile(1.0) : double.PositiveInfinity;
            record = _pastShort.Count >= 16 && shortMean > max * (1 + _options.RecordMargin);
            _pastShort.Add(shortMean);
        }

        if (_options.Direct)
        {
            var surprise = Math.Max(Math.Abs(robustZ), Math.Max(saliencyRatio, 0) / _options.SaliencyPerSigma);
            score = _level.Count >= 16 ? 100.0 * surprise / (1.0 + surprise) : 0;
        }

        var flagged = record && (score >= _options.Threshold || spike) && _seen > _options.Warmup && _seen >= _quietUntil;
        if (flagged)
        {
            _quietUntil = _seen + _options.Cooldown;
        }

        return new SeriesScore(score, flagged, saliencyRatio, robustZ, median, scale, value);
    }
}
