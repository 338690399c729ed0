using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Training.Protocol;

/// <summary>
/// One message on a <c>train.*</c> topic, discriminated by <see cref="Type"/> (see <see cref="TrainMessageTypes"/>):
/// submissions and cancellations on <c>train.jobs</c>; heartbeats and rank reports on <c>train.heartbeats</c>;
/// assignments and stop orders on <c>train.assignments</c>. Unused fields are left null.
/// </summary>
public sealed class TrainMessage
{
    public string Type { get; set; } = "";
    public string? JobId { get; set; }
    public JobSpec? Spec { get; set; }
    public string? WorkerId { get; set; }
    public int Attempt { get; set; }

    // heartbeat
    public string? Host { get; set; }
    public int Slots { get; set; }
    public int Gpus { get; set; }
    public List<RunningRank>? Running { get; set; }

    /// <summary>The worker is shutting down: place nothing more on it; the ranks it stops were not at fault.</summary>
    public bool Draining { get; set; }

    // rank report
    public int Rank { get; set; }
    public string? Kind { get; set; }
    public long Step { get; set; }
    public long TotalSteps { get; set; }
    public double? Loss { get; set; }
    public long CheckpointStep { get; set; }
    public int? ExitCode { get; set; }
    public string? Reason { get; set; }
    public RankSummary? Summary { get; set; }

    // assignment
    public List<int>? Ranks { get; set; }
    public int WorldSize { get; set; }
    public string? Rendezvous { get; set; }
    public string? TraceParent { get; set; }
}
