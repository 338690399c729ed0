namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>A field's part in a time series data stream: a dimension identifies the series, a metric is measured.</summary>
public enum FieldRole
{
    None,
    Dimension,
    Gauge,
    Counter,
}
