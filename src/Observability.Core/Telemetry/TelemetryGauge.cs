namespace Observability.Core.Telemetry;

/// <summary>A current level (files open, bytes behind, batches in flight), set by its component and read at collection.</summary>
public sealed class TelemetryGauge
{
    private long _value;

    internal TelemetryGauge(string name) => Name = name;

    public string Name { get; }

    public long Value => Volatile.Read(ref _value);

    public void Set(long value) => Volatile.Write(ref _value, value);
}
