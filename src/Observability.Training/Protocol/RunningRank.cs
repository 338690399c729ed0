namespace Observability.Training.Protocol;

/// <summary>A rank process a worker is running, as its heartbeat lists it.</summary>
public sealed record RunningRank(string JobId, int Attempt, int Rank, long Step);
