namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>Simulated time for the incident suite: the simulation sets it, every component reads it.</summary>
public sealed class ManualClock : TimeProvider
{
    public ManualClock(DateTimeOffset start) => Now = start;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
