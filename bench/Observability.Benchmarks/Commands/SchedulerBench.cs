using System.CommandLine;
using System.Diagnostics;
using Observability.Training.Scheduling;
using Observability.Training.Simulation;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench scheduler [--nodes 16 --slots 8 --jobs 600 --interarrival 45s --seed 1]</c>: one seeded workload trace
/// (mixed gang sizes and priorities) run twice through the real scheduler on simulated nodes and a simulated clock,
/// with gang reservation + backfill and with FIFO first-fit (no reservation); prints utilisation, p50/p95 queue wait
/// per size class and the longest wait of any gang for both, and their ratios. Deterministic: the same flags give the
/// same figures on any machine; only the wall time printed at the end depends on it.
/// </summary>
internal static class SchedulerBench
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Simulated worker nodes", DefaultValueFactory = _ => 16 };
        var slots = new Option<int>("--slots") { Description = "Rank slots per node", DefaultValueFactory = _ => 8 };
        var jobs = new Option<int>("--jobs") { Description = "Jobs in the trace", DefaultValueFactory = _ => 600 };
        var interarrival = new Option<int>("--interarrival") { Description = "Mean seconds between submissions (Poisson)", DefaultValueFactory = _ => 45 };
        var seed = new Option<int>("--seed") { Description = "Trace seed", DefaultValueFactory = _ => 1 };
        var cmd = new Command("scheduler", "Gang reservation + backfill vs FIFO first-fit on one simulated workload trace.") { nodes, slots, jobs, interarrival, seed };
        cmd.SetAction((ParseResult r) =>
        {
            var n = r.GetValue(nodes);
            var s = r.GetValue(slots);
            var count = r.GetValue(jobs);
            if (n is < 1 or > 1024 || s is < 1 or > 256 || count is < 1 or > 20_000 || r.GetValue(interarrival) < 1)
            {
                Console.Error.WriteLine("--nodes 1..1024, --slots 1..256, --jobs 1..20000, --interarrival ≥ 1");
                return 2;
            }

            var trace = WorkloadTrace.Generate(count, s, TimeSpan.FromSeconds(r.GetValue(interarrival)), r.GetValue(seed));
            var wall = Stopwatch.StartNew();
            var backfill = new SchedulerSimulation(n, s, QueuePolicy.Backfill).Run(trace);
            var fifo = new SchedulerSimulation(n, s, QueuePolicy.FifoFirstFit).Run(trace);
            wall.Stop();

            var offered = trace.Sum(t => t.Duration.TotalSeconds * t.WorldSize) / (trace[^1].Arrival.TotalSeconds * n * s);
            Console.WriteLine(FormattableString.Invariant(
                $"trace: {count} jobs on {n} nodes × {s} slots, seed {r.GetValue(seed)}, offered load {offered:P0} of the slots over the arrival span"));
            Console.WriteLine(FormattableString.Invariant($"{"size",-6}{"jobs",6}  {"backfill p50/p95 (min)",24}  {"fifo p50/p95 (min)",20}"));
            foreach (var group in trace.GroupBy(t => WorkloadTrace.SizeClass(t.WorldSize)).OrderBy(g => g.Min(t => t.WorldSize)))
            {
                var b = Waits(backfill, group);
                var f = Waits(fifo, group);
                Console.WriteLine(FormattableString.Invariant(
                    $"{group.Key,-6}{group.Count(),6}  {Min(SimulationResult.Percentile(b, 0.5)),11:F1} / {Min(SimulationResult.Percentile(b, 0.95)),-10:F1}  {Min(SimulationResult.Percentile(f, 0.5)),8:F1} / {Min(SimulationResult.Percentile(f, 0.95)),-10:F1}"));
            }

            var gangs = trace.Where(t => t.WorldSize > 1).ToList();
            var longestB = Waits(backfill, gangs).DefaultIfEmpty().Max();
            var longestF = Waits(fifo, gangs).DefaultIfEmpty().Max();
            var large = trace.Where(t => t.WorldSize > 8).ToList();
            var p95LargeB = SimulationResult.Percentile(Waits(backfill, large), 0.95);
            var p95LargeF = SimulationResult.Percentile(Waits(fifo, large), 0.95);
            Console.WriteLine(FormattableString.Invariant(
                $"utilisation: backfill {backfill.Utilisation:P1}, fifo {fifo.Utilisation:P1}; makespan {backfill.Makespan.TotalHours:F1} h vs {fifo.Makespan.TotalHours:F1} h; unstarted {backfill.Unfinished} vs {fifo.Unfinished}"));
            Console.WriteLine(FormattableString.Invariant(
                $"longest gang wait: backfill {longestB.TotalMinutes:F1} min, fifo {longestF.TotalMinutes:F1} min"));
            Console.WriteLine(FormattableString.Invariant(
                $"longest_gang_wait_ratio={Ratio(longestB.TotalSeconds, longestF.TotalSeconds):F3} p95_wait_9plus_ratio={Ratio(p95LargeB, p95LargeF):F3} utilisation_ratio={Ratio(backfill.Utilisation, fifo.Utilisation):F3} (backfill / fifo) simulated_in={wall.Elapsed.TotalSeconds:F1}s"));
            return 0;
        });
        return cmd;
    }

    private static List<TimeSpan> Waits(SimulationResult result, IEnumerable<TraceJob> jobs) =>
        jobs.Where(t => result.Waits.ContainsKey(t.Id)).Select(t => result.Waits[t.Id]).ToList();

    private static double Min(double seconds) => seconds / 60;

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : a / b;
}
