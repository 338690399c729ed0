namespace Observability.Training.Scheduling;

/// <summary>Why a pending job waits, with the names Slurm's squeue gives them.</summary>
public static class WaitReasons
{
    /// <summary>Next in line: it waits for running jobs to free the slots it needs (and holds a reservation for them).</summary>
    public const string Resources = "Resources";

    /// <summary>A job ahead of it in the queue (higher priority, fair share or earlier) waits too.</summary>
    public const string Priority = "Priority";

    /// <summary>It would fit now, but it would delay the reservation of a waiting gang (it may not backfill).</summary>
    public const string Reservation = "Reservation";

    /// <summary>No set of the known workers could ever hold it, even idle.</summary>
    public const string TooLarge = "TooLarge";

    /// <summary>Retry backoff after a failed attempt.</summary>
    public const string BeginTime = "BeginTime";
}
