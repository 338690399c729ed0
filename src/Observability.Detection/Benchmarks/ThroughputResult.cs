namespace Observability.Detection.Benchmarks;

public sealed record ThroughputResult(long Samples, double Seconds, double SamplesPerSecond, int Threads, long Flagged);
