using Observability.Core.Options;

namespace Observability.Reports;

/// <summary>Thresholds and list sizes of a health report (<c>reports</c> in obs.yml).</summary>
public sealed class ReportOptions
{
    /// <summary>A host with no document for this long before the period end is reported as silent.</summary>
    public TimeSpan SilenceThreshold { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A GPU sample below this utilisation (percent) counts as idle.</summary>
    public double IdleUtilizationPct { get; set; } = 5;

    /// <summary>A gap between two samples of one GPU longer than this is not counted as idle time (the GPU was not observed).</summary>
    public TimeSpan MaxSampleGap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows in each top-N list (hottest GPUs, patterns, rules).</summary>
    public int TopN { get; set; } = 10;

    /// <summary>Points of each trend series over the period.</summary>
    public int TrendPoints { get; set; } = 24;

    /// <summary>Step-time ratio (second half / first half median) from which a job is reported as regressed.</summary>
    public double StepRegressionRatio { get; set; } = 1.2;

    public void Validate(string prefix = "reports")
    {
        OptionsCheck.That(SilenceThreshold > TimeSpan.Zero, $"{prefix}.silence_threshold", "must be positive");
        OptionsCheck.That(IdleUtilizationPct is >= 0 and <= 100, $"{prefix}.idle_utilization_pct", "must be within 0..100");
        OptionsCheck.That(MaxSampleGap > TimeSpan.Zero, $"{prefix}.max_sample_gap", "must be positive");
        OptionsCheck.Range($"{prefix}.top_n", TopN, 1, 1000);
        OptionsCheck.Range($"{prefix}.trend_points", TrendPoints, 2, 1000);
        OptionsCheck.That(StepRegressionRatio > 1, $"{prefix}.step_regression_ratio", "must be above 1");
    }
}
