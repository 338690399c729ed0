using System.CommandLine;
using Observability.Detection.Benchmarks.Incidents;

namespace Observability.Cli.Commands.Bench;

/// <summary><c>obs bench incidents</c>: recall and false alerts per node-day on the seeded synthetic GPU-cluster incident suite.</summary>
internal static class IncidentsBench
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Simulated hosts", DefaultValueFactory = _ => 8 };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per host", DefaultValueFactory = _ => 4 };
        var days = new Option<double>("--days") { Description = "Simulated days", DefaultValueFactory = _ => 1.0 };
        var perKind = new Option<int>("--per-kind") { Description = "Incidents of each kind", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Random seed (schedule and signals)", DefaultValueFactory = _ => 42 };
        var cmd = new Command("incidents", "Synthetic GPU-cluster incidents (thermal runaway, memory leak, stuck utilisation, straggler, loss spike, data-loader stall).");
        foreach (var o in new Option[] { nodes, gpus, days, perKind, seed })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((ParseResult r) =>
        {
            var result = IncidentBenchmark.Run(r.GetValue(nodes), r.GetValue(gpus), r.GetValue(days), r.GetValue(perKind), r.GetValue(seed));
            foreach (var (kind, (total, detected)) in result.PerKind)
            {
                Console.WriteLine($"{kind,-18} {detected}/{total}");
            }

            foreach (var m in result.Missed)
            {
                Console.WriteLine($"missed: {m}");
            }

            foreach (var f in result.FalseAlertSamples.Take(20))
            {
                Console.WriteLine($"false alert: {f}");
            }

            Console.WriteLine(FormattableString.Invariant($"incidents={result.Incidents} detected={result.Detected} documents={result.Documents} node_days={result.NodeDays:F1}"));
            Console.WriteLine(FormattableString.Invariant($"recall={result.Recall:F3} false_alerts_per_node_day={result.FalseAlertsPerNodeDay:F2}"));
            return 0;
        });
        return cmd;
    }
}
