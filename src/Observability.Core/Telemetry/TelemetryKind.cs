namespace Observability.Core.Telemetry;

/// <summary>How a figure behaves over time: a counter only grows, a gauge is a current level.</summary>
public enum TelemetryKind
{
    Counter,
    Gauge,
}
