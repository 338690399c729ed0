namespace Observability.Core.Metrics;

/// <summary>
/// The unit a metric's numbers are in. <see cref="Ratio"/> is the one that matters most: ECS, Metricbeat and Elastic's
/// nvidia_gpu integration write every <c>*.pct</c> field as a 0–1 ratio (Kibana's percent format multiplies by 100), so
/// a consumer that shows a percentage multiplies by 100 and never compares a ratio with a threshold in percent.
/// </summary>
public enum MetricUnit
{
    /// <summary>A label, a flag, an id or a dimensionless number (a load average, a step index).</summary>
    None,

    /// <summary>0–1 (0.85 is 85 %).</summary>
    Ratio,
    Bytes,
    BytesPerSecond,
    Count,
    PerSecond,
    Celsius,
    Watts,
    Joules,
    Megahertz,
    Milliseconds,
    Microseconds,
    Seconds,
    Nanoseconds,
}
