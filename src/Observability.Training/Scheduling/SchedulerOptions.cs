namespace Observability.Training.Scheduling;

/// <summary>Scheduler settings (configuration section <c>Training:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>How often the scheduler re-examines the queue, worker liveness and timeouts.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A worker silent for this long is declared lost and its jobs are requeued from their last checkpoint.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay after a failed attempt; doubles per failure up to <see cref="MaxRetryBackoff"/>, with ±20% jitter.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a pending job may stop lower-priority running jobs (checkpoint, requeue) to get its resources.</summary>
    public bool Preemption { get; set; } = true;

    /// <summary>
    /// Queue policy: <see cref="QueuePolicy.Backfill"/> (priority, fair share, FIFO, a reservation for the first gang
    /// that does not fit, backfill behind it) or <see cref="QueuePolicy.FifoFirstFit"/> (submission order, any job
    /// that fits starts: the baseline <c>obs bench scheduler</c> compares against, where gangs can starve).
    /// </summary>
    public QueuePolicy Policy { get; set; } = QueuePolicy.Backfill;

    /// <summary>Largest number of jobs the scheduler keeps (final jobs beyond it are forgotten oldest first).</summary>
    public int MaxJobs { get; set; } = 10_000;

    public void Validate()
    {
        if (TickInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Training:Scheduler:TickInterval must be positive");
        }

        if (HeartbeatTimeout <= TickInterval)
        {
            throw new ArgumentException("Training:Scheduler:HeartbeatTimeout must exceed TickInterval");
        }

        if (RetryBackoff < TimeSpan.Zero)
        {
            throw new ArgumentException("Training:Scheduler:RetryBackoff cannot be negative");
        }

        if (MaxRetryBackoff < RetryBackoff)
        {
            throw new ArgumentException("Training:Scheduler:MaxRetryBackoff must be at least RetryBackoff");
        }

        if (MaxJobs < 1)
        {
            throw new ArgumentException("Training:Scheduler:MaxJobs must be positive");
        }
    }
}
