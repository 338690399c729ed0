using Observability.Core.Metrics;

namespace Observability.Reports.Model;

/// <summary>
/// The utilisation histogram's buckets, 0–10 %, 10–20 %, … 90–100 %, as lower bounds in the stored unit of
/// <see cref="MetricCatalog.GpuUtilization"/>. Both stores compare each sample with these same doubles (DuckDB with
/// <c>&gt;=</c>, Elasticsearch with a <c>range</c> aggregation), so a sample on a bound lands in the same bucket in both;
/// a <c>histogram</c> of interval 0.1 would not (Elasticsearch floors 0.3 / 0.1 = 2.999… into the 20 % bucket).
/// </summary>
public static class GpuUtilizationBuckets
{
    public static IReadOnlyList<double> LowerBounds { get; } =
        [.. Enumerable.Range(0, GpuSection.HistogramBuckets).Select(i => MetricCatalog.GpuUtilization.FromPercent(i * 100.0 / GpuSection.HistogramBuckets))];
}
