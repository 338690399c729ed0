namespace Observability.Training.Workers;

/// <summary>Which rank of which attempt a report is about.</summary>
internal sealed record RankIdentity(string JobId, int Attempt, int Rank);
