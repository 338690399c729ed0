using Observability.Core.Options;

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

    /// <summary>Checks every parameter; <paramref name="prefix"/> is the obs.yml block the options were bound from.</summary>
    public void Validate(string prefix = "detection.series")
    {
        OptionsCheck.That(FftLength >= 16 && (FftLength & (FftLength - 1)) == 0, $"{prefix}.fft_length", $"must be a power of two >= 16, got {FftLength}");
        OptionsCheck.That(Lookahead >= 1 && Lookahead < FftLength / 2, $"{prefix}.lookahead", $"must be in [1, fft_length/2) = [1, {FftLength / 2}), got {Lookahead}");
        OptionsCheck.That(GradientPoints >= 2 && GradientPoints <= FftLength - Lookahead, $"{prefix}.gradient_points", $"must be in [2, fft_length - lookahead] = [2, {FftLength - Lookahead}], got {GradientPoints}");
        OptionsCheck.That(AveragingWindow >= 1, $"{prefix}.averaging_window", $"must be >= 1, got {AveragingWindow}");
        foreach (var (key, value) in new[] { ("judgement_window", JudgementWindow), ("robust_window", RobustWindow), ("likelihood_window", LikelihoodWindow), ("short_window", ShortWindow) })
        {
            OptionsCheck.That(value >= 1, $"{prefix}.{key}", $"must be >= 1, got {value}");
        }

        OptionsCheck.That(SpectralWeight is >= 0 and <= 1, $"{prefix}.spectral_weight", $"must be in [0, 1], got {SpectralWeight}");
        OptionsCheck.That(Threshold is > 0 and <= 100, $"{prefix}.threshold", $"must be in (0, 100], got {Threshold}");
        OptionsCheck.That(Cooldown >= 0, $"{prefix}.cooldown", $"must be >= 0, got {Cooldown}");
        OptionsCheck.That(Warmup >= 0, $"{prefix}.warmup", $"must be >= 0, got {Warmup}");
        OptionsCheck.That(SeasonPeriod >= 0, $"{prefix}.season_period", $"must be >= 0, got {SeasonPeriod}");
        OptionsCheck.That(Seasons >= 1, $"{prefix}.seasons", $"must be >= 1, got {Seasons}");
        OptionsCheck.That(SeasonalFitRatio > 0, $"{prefix}.seasonal_fit_ratio", $"must be > 0, got {SeasonalFitRatio}");
        OptionsCheck.That(MinRelativeScale >= 0, $"{prefix}.min_relative_scale", $"must be >= 0, got {MinRelativeScale}");
    }
}
