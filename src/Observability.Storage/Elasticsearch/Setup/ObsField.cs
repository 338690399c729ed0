using Observability.Core.Metrics;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>One mapped field: dotted name, Elasticsearch type, TSDS role, the scaling factor of a <c>scaled_float</c>, its unit.</summary>
public sealed record ObsField(string Name, string Type, FieldRole Role = FieldRole.None, double? ScalingFactor = null, MetricUnit Unit = MetricUnit.None)
{
    /// <summary>The mapping of a catalogued metric: ratios as <c>scaled_float</c> with three decimals (as Metricbeat maps <c>*.pct</c>).</summary>
    public static ObsField From(MetricField m) => new(
        m.Name,
        m.Type switch
        {
            MetricType.Keyword => "keyword",
            MetricType.Boolean => "boolean",
            MetricType.Long => "long",
            _ => m.Unit == MetricUnit.Ratio ? "scaled_float" : "double",
        },
        m.Role switch
        {
            MetricRole.Dimension => FieldRole.Dimension,
            MetricRole.Gauge => FieldRole.Gauge,
            MetricRole.Counter => FieldRole.Counter,
            _ => FieldRole.None,
        },
        m.Type == MetricType.Double && m.Unit == MetricUnit.Ratio ? 1000 : null,
        m.Unit);

    /// <summary>
    /// The field's <c>meta.unit</c> (Elasticsearch's convention, which Kibana formats by: <c>percent</c> is a 0–1 ratio,
    /// <c>byte</c>, or a time unit); null where Elasticsearch has no name for the unit.
    /// </summary>
    public string? MetaUnit => Unit switch
    {
        MetricUnit.Ratio => "percent",
        MetricUnit.Bytes => "byte",
        MetricUnit.Milliseconds => "ms",
        MetricUnit.Microseconds => "micros",
        MetricUnit.Seconds => "s",
        MetricUnit.Nanoseconds => "nanos",
        _ => null,
    };

    public static ObsField Keyword(string name, FieldRole role = FieldRole.None) => new(name, "keyword", role);

    public static ObsField Long(string name, FieldRole role = FieldRole.None) => new(name, "long", role);

    public static ObsField Double(string name, FieldRole role = FieldRole.Gauge) => new(name, "double", role);

    public static ObsField Date(string name) => new(name, "date");

    /// <summary>A 0–1 ratio stored as <c>scaled_float</c> with three decimals, as Metricbeat and ECS <c>host.cpu.usage</c> do.</summary>
    public static ObsField Pct(string name) => new(name, "scaled_float", FieldRole.Gauge, 1000, MetricUnit.Ratio);

    public bool IsNumeric => Type is "long" or "integer" or "short" or "byte" or "double" or "float" or "half_float" or "scaled_float" or "unsigned_long";

    public bool IsText => Type is "text" or "match_only_text" or "wildcard";
}
