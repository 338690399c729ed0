namespace Observability.Core.Telemetry;

/// <summary>One figure at one moment: a counter's total since its component started, or a gauge's level.</summary>
/// <param name="Component">The meter's name without <see cref="TelemetryNames.MeterPrefix"/>, e.g. <c>Indexer</c>.</param>
/// <param name="Name">The figure, e.g. <c>received</c>, <c>dropped</c>, <c>files_open</c>.</param>
/// <param name="Reason">Why, for the parts of <c>dropped</c> and <c>failed</c>; null for the rest.</param>
public readonly record struct TelemetryReading(string Component, string Name, string? Reason, long Value, TelemetryKind Kind);
