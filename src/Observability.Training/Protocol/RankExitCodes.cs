namespace Observability.Training.Protocol;

/// <summary>Exit codes of a rank process that the scheduler tells apart.</summary>
public static class RankExitCodes
{
    /// <summary>Trained every step.</summary>
    public const int Completed = 0;

    /// <summary>Bad configuration or spec: retrying cannot help.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// Stopped on request after saving a checkpoint: a preemption, or its worker shutting down. Never a success: the
    /// scheduler requeues the job (preempted or interrupted) to resume from that checkpoint.
    /// </summary>
    public const int Stopped = 3;

    /// <summary>
    /// Fenced: a newer attempt of the job was started (the job directory's generation passed this rank's attempt), or
    /// the rank's worker died; it exited without touching the checkpoint.
    /// </summary>
    public const int Fenced = 4;

    /// <summary>
    /// Reported by a worker for a rank it did not start: ranks of an older attempt still held the job's fence after
    /// the fence timeout. Counted as a failed attempt (retried with backoff), since something is stuck.
    /// </summary>
    public const int FenceTimedOut = 5;
}
