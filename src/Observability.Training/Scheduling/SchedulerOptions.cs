using Observability.Core.Options;

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

    /// <summary>
    /// Set in code by <c>obs up</c> and <c>obs jobs --local</c>, not read from obs.yml: errors name the property path
    /// (<c>training.scheduler.tick_interval</c>) the key would have there.
    /// </summary>
    public void Validate(string prefix = "training.scheduler")
    {
        OptionsCheck.That(TickInterval > TimeSpan.Zero, $"{prefix}.tick_interval", $"must be positive, got {TickInterval}");
        OptionsCheck.That(HeartbeatTimeout > TickInterval, $"{prefix}.heartbeat_timeout", $"must exceed tick_interval ({TickInterval}), got {HeartbeatTimeout}");
        OptionsCheck.That(RetryBackoff >= TimeSpan.Zero, $"{prefix}.retry_backoff", $"cannot be negative, got {RetryBackoff}");
        OptionsCheck.That(MaxRetryBackoff >= RetryBackoff, $"{prefix}.max_retry_backoff", $"must be at least retry_backoff ({RetryBackoff}), got {MaxRetryBackoff}");
        OptionsCheck.That(MaxJobs >= 1, $"{prefix}.max_jobs", $"must be positive, got {MaxJobs}");
    }
}
