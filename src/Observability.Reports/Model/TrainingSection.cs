namespace Observability.Reports.Model;

/// <summary>Training jobs: outcomes, queue wait, GPU-hours, throughput and step-time regressions.</summary>
public sealed record TrainingSection(
    bool HasData,
    Figure Jobs,
    Figure Succeeded,
    Figure Failed,
    Figure QueueWaitP50Seconds,
    Figure QueueWaitP95Seconds,
    Figure GpuHours,
    IReadOnlyList<TimePoint> ThroughputTrend,
    IReadOnlyList<TrainingSection.StepTimeRegression> StepTimeRegressions)
{
    /// <summary>A job whose median step time in the second half of its samples is at least 20% above the first half.</summary>
    public sealed record StepTimeRegression(string Job, double BeforeMs, double AfterMs, double Ratio);
}
