namespace Observability.Training.Scheduling;

/// <summary>How the scheduler picks pending jobs (see <see cref="SchedulerOptions.Policy"/>).</summary>
public enum QueuePolicy
{
    /// <summary>Priority, fair share, FIFO; the first gang that does not fit reserves its slots; later jobs backfill only where they cannot delay it.</summary>
    Backfill,

    /// <summary>Submission order; every job that fits starts (no reservation, no priority): the baseline of <c>obs bench scheduler</c>.</summary>
    FifoFirstFit,
}
