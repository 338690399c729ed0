using Observability.Training.Specs;

namespace Observability.Training.Scheduling;

/// <summary>
/// The scheduler's full knowledge of one job. Every change is persisted as a new snapshot (the event log keeps the
/// latest per job id: a compacted Kafka topic or an append-only file), so a restarted scheduler resumes from it.
/// </summary>
public sealed class JobRecord
{
    public required string JobId { get; init; }
    public required JobSpec Spec { get; init; }
    public JobState State { get; set; }
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>W3C traceparent of the submission span: every span of the job descends from it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Incremented at every placement; rank reports of older attempts are ignored.</summary>
    public int Attempt { get; set; }

    /// <summary>Failed attempts so far (worker loss and preemption do not count).</summary>
    public int Failures { get; set; }

    /// <summary>When the job last entered the queue (for queue-wait spans and metrics).</summary>
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>Retry backoff: not placed before this instant.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public List<RankPlacement> Placement { get; set; } = [];
    public string? Rendezvous { get; set; }
    public long Step { get; set; }
    public long TotalSteps { get; set; }
    public double? Loss { get; set; }
    public long CheckpointStep { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>Why a stop was asked of the running ranks (preempt, cancel, timeout, worker-lost); null when none.</summary>
    public string? StopReason { get; set; }

    public string? Reason { get; set; }

    /// <summary>Why a pending job is not running, as squeue shows it (see <see cref="WaitReasons"/>); null when not pending.</summary>
    public string? WaitReason { get; set; }

    /// <summary>The step the current attempt started from, and when its ranks last reported progress (the step-rate estimate).</summary>
    public long AttemptStartStep { get; set; }

    public DateTimeOffset? LastProgressAt { get; set; }

    /// <summary>Mean wall time per step seen so far (zero until a rank reported progress): estimates when a running job ends.</summary>
    public double StepSeconds { get; set; }

    /// <summary>Why the current attempt's ranks were stopped by something outside the scheduler (e.g. their worker shutting down).</summary>
    public string? InterruptCause { get; set; }

    /// <summary>Why the current attempt's first rank failed (until the job is retried or failed).</summary>
    public string? LastFailure { get; set; }

    /// <summary>
    /// A recurring job (its spec has a cron <c>schedule</c>): never placed itself; at each fire time
    /// (<see cref="NotBefore"/>) the scheduler submits a copy named <c>JOB_ID-at-TIME</c>.
    /// </summary>
    public bool IsRecurring { get; set; }

    /// <summary>Of a job submitted by a recurring one: its id.</summary>
    public string? RecurringParent { get; set; }

    /// <summary>When the current attempt was placed.</summary>
    public DateTimeOffset? PlacedAt { get; set; }
    public List<JobHistoryEntry> History { get; set; } = [];
    public List<RankSummary> Ranks { get; set; } = [];

    /// <summary>Most history entries kept per job (a job requeued forever must not grow without bound).</summary>
    public const int MaxHistory = 200;

    public void Transition(JobState state, DateTimeOffset at, string? reason = null)
    {
        State = state;
        Reason = reason ?? Reason;
        History.Add(new JobHistoryEntry(at, state, reason, Attempt));
        if (History.Count > MaxHistory)
        {
            History.RemoveRange(0, History.Count - MaxHistory);
        }
    }
}
