namespace Observability.Training.Simulation;

/// <summary>Simulated time: moves only when the simulation advances it, so a day of scheduling runs in a second, deterministically.</summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void AdvanceTo(DateTimeOffset at)
    {
        if (at > _now)
        {
            _now = at;
        }
    }
}
