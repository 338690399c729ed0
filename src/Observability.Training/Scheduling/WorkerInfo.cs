using Observability.Training.Protocol;

namespace Observability.Training.Scheduling;

/// <summary>A registered worker as its last heartbeat described it.</summary>
public sealed class WorkerInfo
{
    public required string WorkerId { get; init; }
    public string? Host { get; set; }
    public int Slots { get; set; }
    public int Gpus { get; set; }
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Shutting down (its last heartbeat said so): no new placement goes there.</summary>
    public bool Draining { get; set; }
    public IReadOnlyList<RunningRank> Running { get; set; } = [];
}
