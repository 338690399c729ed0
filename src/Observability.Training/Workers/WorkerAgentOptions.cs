using Observability.Core.Options;

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

    /// <summary>
    /// Set in code and by <c>obs jobs --local --slots</c>, not read from obs.yml: errors name the property path
    /// (<c>training.worker.slots</c>) the key would have there.
    /// </summary>
    public void Validate(string prefix = "training.worker")
    {
        OptionsCheck.NotEmpty($"{prefix}.worker_id", WorkerId);
        OptionsCheck.That(Slots >= 1, $"{prefix}.slots", $"must be positive, got {Slots}");
        OptionsCheck.That(Gpus >= 0, $"{prefix}.gpus", $"cannot be negative, got {Gpus}");
        OptionsCheck.That(HeartbeatInterval > TimeSpan.Zero, $"{prefix}.heartbeat_interval", $"must be positive, got {HeartbeatInterval}");
        OptionsCheck.That(StopGracePeriod >= TimeSpan.Zero, $"{prefix}.stop_grace_period", $"cannot be negative, got {StopGracePeriod}");
        OptionsCheck.That(FenceTimeout > TimeSpan.Zero, $"{prefix}.fence_timeout", $"must be positive, got {FenceTimeout}");
        OptionsCheck.NotEmpty($"{prefix}.data_directory", DataDirectory);
        OptionsCheck.That(RankThreads >= 0, $"{prefix}.rank_threads", $"cannot be negative, got {RankThreads}");
    }
}
