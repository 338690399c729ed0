namespace Observability.Detection.SingleSeries;

/// <summary>Parameters of <see cref="SeriesAnomalyDetector"/>, chosen once for every series (no per-series tuning).</summary>
public sealed class SeriesDetectorOptions : ICloneable
{
    public object Clone() => MemberwiseClone();

    /// <summary>Spectral Residual FFT window (power of two); holds FftLength − Lookahead past points.</summary>
    public int FftLength { get; set; } = 64;

    /// <summary>Extrapolated points appended after the newest point (ML.NET lookaheadWindowSize).</summary>
    public int Lookahead { get; set; } = 5;

    /// <summary>Points used for the extrapolation gradient (ML.NET backAddWindowSize).</summary>
    public int GradientPoints { get; set; } = 5;

    /// <summary>Moving average width over the log spectrum (ML.NET averagingWindowSize, the paper's q).</summary>
    public int AveragingWindow { get; set; } = 3;

    /// <summary>Past saliencies the newest saliency is compared with (ML.NET judgementWindowSize).</summary>
    public int JudgementWindow { get; set; } = 21;

    /// <summary>Past points for the robust level (median) and scale (MAD).</summary>
    public int RobustWindow { get; set; } = 256;

    /// <summary>Past raw scores that define "normal" for the likelihood step.</summary>
    public int LikelihoodWindow { get; set; } = 400;

    /// <summary>Recent raw scores averaged before comparing with the long-run distribution.</summary>
    public int ShortWindow { get; set; } = 4;

    /// <summary>Weight of the Spectral Residual ratio in the raw score (the rest is the robust z).</summary>
    public double SpectralWeight { get; set; } = 0.5;

    /// <summary>Score 0–100 at or above which a point is flagged.</summary>
    public double Threshold { get; set; } = 99.0;

    /// <summary>Points after a flag during which no new flag is raised (one event, one alert).</summary>
    public int Cooldown { get; set; } = 60;

    /// <summary>Points seen before any flag (the windows fill first).</summary>
    public int Warmup { get; set; } = 120;

    /// <summary>Lower bound of the robust scale relative to |median|, so a flat series does not divide by zero.</summary>
    public double MinRelativeScale { get; set; } = 1e-3;

    /// <summary>Season length in points (e.g. one day of samples); 0 disables the seasonal model.</summary>
    public int SeasonPeriod { get; set; }

    /// <summary>Past seasons whose same-phase values give the seasonal expectation (their median).</summary>
    public int Seasons { get; set; } = 3;

    /// <summary>The seasonal model is used when its residual scale is below this fraction of the level model's.</summary>
    public double SeasonalFitRatio { get; set; } = 0.7;

    /// <summary>Saliency ratio that counts as much as one robust σ in the direct score.</summary>
    public double SaliencyPerSigma { get; set; } = 1.0;

    /// <summary>Score points directly from their surprise (robust z, saliency) instead of the likelihood of the raw score.</summary>
    public bool Direct { get; set; }

    /// <summary>Flag only when the averaged raw score beats the largest of the likelihood window by this fraction.</summary>
    public double RecordMargin { get; set; } = -1;

    /// <summary>Score from which a single point's raw score (not averaged) is flagged, so short spikes are not diluted; 0 disables.</summary>
    public double SpikeThreshold { get; set; }

    public void Validate()
    {
        if (FftLength < 16 || (FftLength & (FftLength - 1)) != 0)
        {
            throw new ArgumentException($"{nameof(FftLength)} must be a power of two >= 16, got {FftLength}");
        }

        if (Lookahead < 1 || Lookahead >= FftLength / 2)
        {
            throw new ArgumentException($"{nameof(Lookahead)} must be in [1, {nameof(FftLength)}/2), got {Lookahead}");
        }

        if (GradientPoints < 2 || GradientPoints > FftLength - Lookahead)
        {
            throw new ArgumentException($"{nameof(GradientPoints)} must be in [2, {nameof(FftLength)} - {nameof(Lookahead)}], got {GradientPoints}");
        }

        if (AveragingWindow < 1)
        {
            throw new ArgumentException($"{nameof(AveragingWindow)} must be >= 1, got {AveragingWindow}");
        }

        foreach (var (name, value) in new[] { (nameof(JudgementWindow), JudgementWindow), (nameof(RobustWindow), RobustWindow), (nameof(LikelihoodWindow), LikelihoodWindow), (nameof(ShortWindow), ShortWindow) })
        {
            if (value < 1)
            {
                throw new ArgumentException($"{name} must be >= 1, got {value}");
            }
        }

        if (SpectralWeight is < 0 or > 1)
        {
            throw new ArgumentException($"{nameof(SpectralWeight)} must be in [0, 1], got {SpectralWeight}");
        }

        if (Threshold is <= 0 or > 100)
        {
            throw new ArgumentException($"{nameof(Threshold)} must be in (0, 100], got {Threshold}");
        }

        if (Cooldown < 0 || Warmup < 0)
        {
            throw new ArgumentException($"{nameof(Cooldown)} and {nameof(Warmup)} must be >= 0");
        }

        if (SeasonPeriod < 0 || Seasons < 1 || SeasonalFitRatio <= 0)
        {
            throw new ArgumentException($"{nameof(SeasonPeriod)} must be >= 0, {nameof(Seasons)} >= 1 and {nameof(SeasonalFitRatio)} > 0");
        }

        if (MinRelativeScale < 0)
        {
            throw new ArgumentException($"{nameof(MinRelativeScale)} must be >= 0, got {MinRelativeScale}");
        }
    }
}
