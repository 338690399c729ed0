namespace Observability.Core.Metrics;

/// <summary>
/// A field's part in a time series: a dimension identifies the series (a host, a GPU, an interface), a gauge is a level
/// (averaged over time), a counter only grows (its rate is taken per series, never across series).
/// </summary>
public enum MetricRole
{
    None,
    Dimension,
    Gauge,
    Counter,
}
