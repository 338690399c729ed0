using System.Diagnostics;
using Observability.Benchmarks.Detection.Incidents;

namespace Observability.Benchmarks.Commands;

/// <summary>Prints the log-pattern incident suite: misses, false alerts, then precision, recall and time to alert.</summary>
internal static class PatternIncidentsReport
{
    public static void Print(bool tuning, int hosts, double days, int incidents)
    {
        var seeds = tuning ? PatternIncidentBenchmark.TuningSeeds : PatternIncidentBenchmark.ReportSeeds;
        var clock = Stopwatch.StartNew();
        var result = PatternIncidentBenchmark.Run(hosts, days, incidents, seeds);
        foreach (var m in result.Missed)
        {
            Console.WriteLine($"pattern missed: {m}");
        }

        foreach (var f in result.FalseAlerts.Take(20))
        {
            Console.WriteLine($"pattern false alert: {f}");
        }

        var set = tuning ? "tune" : "report";
        Console.WriteLine(FormattableString.Invariant($"pattern suite ({set} seeds {string.Join(',', seeds)}): incidents={result.Incidents} detected={result.Detected} alerts={result.Alerts} true_alerts={result.TrueAlerts} lines={result.Lines} host_days={result.HostDays:F1} in {clock.Elapsed.TotalSeconds:F0} s"));
        Console.WriteLine(FormattableString.Invariant($"pattern_precision={result.Precision:F3} pattern_recall={result.Recall:F3} time_to_alert_p50_s={result.Percentile(0.5):F0} time_to_alert_p99_s={result.Percentile(0.99):F0}"));
    }
}
