namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>One mapped field: dotted name, Elasticsearch type, TSDS role, and the scaling factor of a <c>scaled_float</c>.</summary>
public sealed record ObsField(string Name, string Type, FieldRole Role = FieldRole.None, double? ScalingFactor = null)
{
    public static ObsField Keyword(string name, FieldRole role = FieldRole.None) => new(name, "keyword", role);

    public static ObsField Long(string name, FieldRole role = FieldRole.None) => new(name, "long", role);

    public static ObsField Double(string name, FieldRole role = FieldRole.Gauge) => new(name, "double", role);

    public static ObsField Date(string name) => new(name, "date");

    /// <summary>A 0–1 ratio stored as <c>scaled_float</c> with three decimals, as Metricbeat and ECS <c>host.cpu.usage</c> do.</summary>
    public static ObsField Pct(string name) => new(name, "scaled_float", FieldRole.Gauge, 1000);

    public bool IsNumeric => Type is "long" or "integer" or "short" or "byte" or "double" or "float" or "half_float" or "scaled_float" or "unsigned_long";

    public bool IsText => Type is "text" or "match_only_text" or "wildcard";
}
