using System.CommandLine;
using Observability.Benchmarks.Detection.Incidents;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench incidents</c>: recall and false alerts per node-day on the seeded synthetic GPU-cluster incident suite,
/// then precision, recall and time to alert of log-pattern bursts injected into generated background logs
/// (<c>--suite gpu|patterns|all</c>; <c>--set report|tune</c> picks the pattern seeds).
/// </summary>
internal static class IncidentsBench
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Simulated hosts", DefaultValueFactory = _ => 8 };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per host", DefaultValueFactory = _ => 4 };
        var days = new Option<double>("--days") { Description = "Simulated days", DefaultValueFactory = _ => 1.0 };
        var perKind = new Option<int>("--per-kind") { Description = "Incidents of each kind", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Random seed (schedule and signals)", DefaultValueFactory = _ => 42 };
        var suite = new Option<string>("--suite") { Description = "gpu, patterns or all", DefaultValueFactory = _ => "all" };
        var set = new Option<string>("--set") { Description = "Pattern suite seeds: report (held out from tuning) or tune", DefaultValueFactory = _ => "report" };
        var patternHosts = new Option<int>("--pattern-hosts") { Description = "Hosts writing logs in the pattern suite", DefaultValueFactory = _ => 8 };
        var patternIncidents = new Option<int>("--pattern-incidents") { Description = "Pattern-burst incidents per seed", DefaultValueFactory = _ => 20 };
        var cmd = new Command("incidents", "Synthetic GPU-cluster incidents (thermal runaway, memory leak, stuck utilisation, straggler, loss spike, data-loader stall) and log-pattern bursts.");
        foreach (var o in new Option[] { nodes, gpus, days, perKind, seed, suite, set, patternHosts, patternIncidents })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction((ParseResult r) =>
        {
            var which = r.GetValue(suite) ?? "all";
            if (which is not ("gpu" or "patterns" or "all") || r.GetValue(set) is not ("report" or "tune"))
            {
                Console.Error.WriteLine("--suite is gpu, patterns or all; --set is report or tune");
                return 2;
            }

            if (which != "patterns")
            {
                Gpu(r.GetValue(nodes), r.GetValue(gpus), r.GetValue(days), r.GetValue(perKind), r.GetValue(seed));
            }

            if (which != "gpu")
            {
                PatternIncidentsReport.Print(r.GetValue(set) == "tune", r.GetValue(patternHosts), r.GetValue(days), r.GetValue(patternIncidents));
            }

            return 0;
        });
        return cmd;
    }

    private static void Gpu(int nodes, int gpus, double days, int perKind, int seed)
    {
        var result = IncidentBenchmark.Run(nodes, gpus, days, perKind, seed);
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
    }
}
