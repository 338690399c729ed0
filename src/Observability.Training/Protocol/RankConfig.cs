using Observability.Training.Specs;

namespace Observability.Training.Protocol;

/// <summary>
/// What a rank process is told to do; the worker writes it to a file named by <c>OBS_TRAIN_RANK_CONFIG</c>.
/// The W3C parent of the rank's span comes in the <c>TRACEPARENT</c> environment variable.
/// </summary>
public sealed class RankConfig
{
    public const string EnvironmentVariable = "OBS_TRAIN_RANK_CONFIG";
    public const string TraceParentVariable = "TRACEPARENT";

    public required string JobId { get; init; }
    public required JobSpec Spec { get; init; }
    public int Attempt { get; init; }
    public int Rank { get; init; }
    public int WorldSize { get; init; }

    /// <summary>The job's directory on storage every rank can reach: checkpoints, rendezvous files, step records.</summary>
    public required string JobDirectory { get; init; }

    /// <summary>Rendezvous name of this attempt (a subdirectory of the job directory where ranks publish their endpoints).</summary>
    public required string Rendezvous { get; init; }

    /// <summary>Address other ranks reach this rank's ring listener on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public string? WorkerId { get; init; }

    /// <summary>Pid of the process that started the rank: the rank dies with it (0: no parent watch).</summary>
    public int ParentPid { get; init; }

    /// <summary>Spans, per-step metric documents and OpenTelemetry metrics on (false: the bare training loop, for the overhead bench).</summary>
    public bool Instrumentation { get; init; } = true;

    /// <summary>
    /// Benchmark mode (<c>obs bench train</c>): when positive, instrumentation is switched on and off every this many
    /// steps within the run, and the summary carries the median step time of each half (same process, same load).
    /// </summary>
    public int AlternateInstrumentationEvery { get; init; }

    /// <summary>How long a rank waits for its peers at rendezvous before it gives up.</summary>
    public int RendezvousTimeoutSeconds { get; init; } = 60;

    /// <summary>Torch intra-op threads per rank (0: TorchSharp's default).</summary>
    public int Threads { get; init; } = 1;
}
