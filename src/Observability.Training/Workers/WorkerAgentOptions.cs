namespace Observability.Training.Workers;

/// <summary>A worker node's settings (configuration section <c>Training:Worker</c>).</summary>
public sealed class WorkerAgentOptions
{
    public string WorkerId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Address other ranks reach this node's rank processes on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Rank processes this node runs at once.</summary>
    public int Slots { get; set; } = 2;

    /// <summary>GPUs this node offers (0 on a CPU node).</summary>
    public int Gpus { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a rank told to stop (preemption) may take to checkpoint before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a worker waits for ranks of an older attempt of a job to be gone before it starts a new one (they see
    /// the raised generation within a quarter second; local ones still there after a second are killed).
    /// </summary>
    public TimeSpan FenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Root of job directories (checkpoints, rendezvous, rank logs): shared storage when ranks span hosts.</summary>
    public string DataDirectory { get; set; } = "data/train";

    /// <summary>The rank executable (obs-train-worker.dll or its apphost); null: found by <see cref="WorkerLocator"/>.</summary>
    public string? WorkerPath { get; set; }

    public bool Instrumentation { get; set; } = true;

    /// <summary>Torch intra-op threads per rank process.</summary>
    public int RankThreads { get; set; } = 1;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new ArgumentException("Training:Worker:WorkerId is required");
        }

        if (Slots < 1)
        {
            throw new ArgumentException("Training:Worker:Slots must be positive");
        }

        if (Gpus < 0)
        {
            throw new ArgumentException("Training:Worker:Gpus cannot be negative");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Training:Worker:HeartbeatInterval must be positive");
        }

        if (StopGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentException("Training:Worker:StopGracePeriod cannot be negative");
        }

        if (FenceTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Training:Worker:FenceTimeout must be positive");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("Training:Worker:DataDirectory is required");
        }

        if (RankThreads < 0)
        {
            throw new ArgumentException("Training:Worker:RankThreads cannot be negative");
        }
    }
}
