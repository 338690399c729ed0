namespace Observability.Training.Simulation;

/// <summary>One job of a workload trace: when it arrives, its gang size and priority, how long it really runs, and the time limit its owner gave it.</summary>
public sealed record TraceJob(string Id, TimeSpan Arrival, int WorldSize, int Priority, TimeSpan Duration, TimeSpan Timeout);
