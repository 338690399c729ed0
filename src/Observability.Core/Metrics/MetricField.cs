namespace Observability.Core.Metrics;

/// <summary>
/// One metric (or the label of a metric document): its ECS name, value type, unit and time-series role, and its
/// OpenTelemetry semantic-conventions name where one exists.
/// </summary>
/// <param name="PerCore">
/// A ratio summed over CPU cores, as Metricbeat's <c>system.cpu.*.pct</c> (1.0 is one core fully busy, so up to the
/// core count); every other ratio stays within 0–1.
/// </param>
public sealed record MetricField(string Name, MetricType Type, MetricUnit Unit = MetricUnit.None, MetricRole Role = MetricRole.None, bool PerCore = false)
{
    /// <summary>
    /// The same quantity under OpenTelemetry's semantic conventions (system, process and hardware metrics), null where they
    /// define none. The unit stays this field's: OTel's <c>system.cpu.time</c> is in seconds where <c>*.ticks</c> counts USER_HZ.
    /// </summary>
    public OtelName? Otel { get; init; }

    public bool IsNumeric => Type is MetricType.Long or MetricType.Double;

    /// <summary>The value as a percentage when the unit is <see cref="MetricUnit.Ratio"/>; any other unit is refused, so a caller cannot scale twice.</summary>
    public double ToPercent(double value) => Unit == MetricUnit.Ratio
        ? value * 100
        : throw new InvalidOperationException($"{Name} is in {Unit}, not a 0–1 ratio");

    /// <summary>A percentage (a threshold such as "idle below 5 %") in this field's unit.</summary>
    public double FromPercent(double percent) => Unit == MetricUnit.Ratio
        ? percent / 100
        : throw new InvalidOperationException($"{Name} is in {Unit}, not a 0–1 ratio");
}
