namespace Observability.Training.Simulation;

/// <summary>What one simulated run of a trace gave: per-job queue waits, slot utilisation and the makespan.</summary>
public sealed record SimulationResult(string Policy, IReadOnlyDictionary<string, TimeSpan> Waits, double Utilisation, TimeSpan Makespan, int Unfinished)
{
    public static double Percentile(IReadOnlyList<TimeSpan> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Select(v => v.TotalSeconds).Order().ToList();
        var rank = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}
