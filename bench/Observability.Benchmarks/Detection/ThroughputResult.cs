namespace Observability.Benchmarks.Detection;

/// <summary>Samples scored, wall time, samples per wall second, threads, points flagged, and the process CPU time the scoring took.</summary>
public sealed record ThroughputResult(long Samples, double Seconds, double SamplesPerSecond, int Threads, long Flagged, double CpuSeconds)
{
    /// <summary>Samples per CPU second: less sensitive than <see cref="SamplesPerSecond"/> to other processes on a shared machine.</summary>
    public double SamplesPerCpuSecond => CpuSeconds > 0 ? Samples / CpuSeconds : 0;
}
