namespace Observability.Training.Scheduling;

/// <summary>Where a job is in its life. Succeeded, Failed and Cancelled are final; Preempted returns to Pending.</summary>
public enum JobState
{
    Pending,
    Scheduled,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Preempted,
}
