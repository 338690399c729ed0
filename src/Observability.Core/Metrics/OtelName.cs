namespace Observability.Core.Metrics;

/// <summary>
/// The OpenTelemetry semantic-conventions name of a metric (<c>system.network.io</c>), with the attribute values that
/// select this field's series among the metric's (<c>network.io.direction=receive</c>); for a dimension or a label,
/// the attribute that carries the same value (<c>network.interface.name</c>).
/// </summary>
public sealed record OtelName(string Name, string? Attributes = null)
{
    public override string ToString() => Attributes is null ? Name : $"{Name} {{{Attributes}}}";
}
