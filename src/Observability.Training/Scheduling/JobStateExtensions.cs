namespace Observability.Training.Scheduling;

public static class JobStateExtensions
{
    public static bool IsFinal(this JobState s) => s is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>Ranks are (or may be) running on workers.</summary>
    public static bool HoldsResources(this JobState s) => s is JobState.Scheduled or JobState.Running or JobState.Preempted;

    public static string ToWire(this JobState s) => s.ToString().ToLowerInvariant();
}
