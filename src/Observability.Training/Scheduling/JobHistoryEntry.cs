namespace Observability.Training.Scheduling;

/// <summary>One state change of a job, for its timeline.</summary>
public sealed record JobHistoryEntry(DateTimeOffset At, JobState State, string? Reason, int Attempt);
