namespace Observability.Training.Scheduling;

/// <summary>Rank <see cref="Rank"/> of a job runs on worker <see cref="WorkerId"/>.</summary>
public sealed record RankPlacement(int Rank, string WorkerId);
