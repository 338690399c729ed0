namespace Observability.Training.Simulation;

/// <summary>
/// A seeded synthetic workload for <c>obs bench scheduler</c>: Poisson arrivals; gang sizes 1 (50 %), 2 (20 %),
/// 4 (15 %), 8 (10 %) and a whole node or more (5 %); 20 % of jobs at a higher priority; run times spread
/// log-uniformly from 2 minutes to 2 hours; a time limit 1.2–3× the run time (users overestimate, as Slurm's do).
/// </summary>
public static class WorkloadTrace
{
    public static List<TraceJob> Generate(int jobs, int slotsPerNode, TimeSpan meanInterarrival, int seed)
    {
        var random = new Random(seed);
        var trace = new List<TraceJob>(jobs);
        var at = TimeSpan.Zero;
        for (var i = 0; i < jobs; i++)
        {
            at += TimeSpan.FromSeconds(-Math.Log(1 - random.NextDouble()) * meanInterarrival.TotalSeconds);
            var u = random.NextDouble();
            var size = u < 0.50 ? 1 : u < 0.70 ? 2 : u < 0.85 ? 4 : u < 0.95 ? 8 : slotsPerNode * (1 + random.Next(2));
            var priority = random.NextDouble() < 0.2 ? 5 : 0;
            var minutes = Math.Exp(Math.Log(2) + (random.NextDouble() * (Math.Log(120) - Math.Log(2))));
            var duration = TimeSpan.FromSeconds(Math.Round(minutes * 60));
            var timeout = TimeSpan.FromMinutes(Math.Ceiling(duration.TotalMinutes * (1.2 + (1.8 * random.NextDouble()))));
            trace.Add(new TraceJob($"job-{i:D4}", at, size, priority, duration, timeout));
        }

        return trace;
    }

    /// <summary>The size class a job's queue wait is reported under.</summary>
    public static string SizeClass(int worldSize) => worldSize switch
    {
        1 => "1",
        2 => "2",
        <= 4 => "3-4",
        <= 8 => "5-8",
        _ => "9+",
    };
}
