namespace Observability.Training.Scheduling;

/// <summary>
/// Where a job is in its life. Succeeded, Failed and Cancelled are final; Preempted and Interrupted are recorded with
/// their cause and return to Pending at once (resuming from the checkpoint). Every transition carries its cause in
/// <see cref="JobHistoryEntry.Reason"/>.
/// </summary>
public enum JobState
{
    Pending,
    Scheduled,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Preempted,

    /// <summary>Stopped by something that was not the job's fault (its worker shut down, a stop nobody in the scheduler asked for).</summary>
    Interrupted,
}
