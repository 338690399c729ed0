namespace Observability.Reports.Model;

/// <summary>GPU utilisation, idle time, temperatures and hardware events.</summary>
public sealed record GpuSection(
    bool HasData,
    Figure GpusReporting,
    Figure MeanUtilizationPct,
    Figure IdleGpuHours,
    IReadOnlyList<long> UtilizationHistogram,
    IReadOnlyList<GpuSection.GpuUtilization> PerGpu,
    IReadOnlyList<GpuSection.GpuTemperature> Hottest,
    Figure XidEvents,
    IReadOnlyList<GpuSection.XidCount> XidByCode,
    Figure GpusWithNewUncorrectedEcc,
    Figure ThrottledSamples)
{
    /// <summary>Bucket i of <see cref="UtilizationHistogram"/> counts samples with utilisation in [10·i, 10·i+10) (the last includes 100).</summary>
    public const int HistogramBuckets = 10;

    public sealed record GpuUtilization(string Host, string Gpu, double MeanPct, double P50Pct, double P95Pct, double IdleHours, long Samples);

    public sealed record GpuTemperature(string Host, string Gpu, double MaxCelsius);

    public sealed record XidCount(long Code, long Count);
}
