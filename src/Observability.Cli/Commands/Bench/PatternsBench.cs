using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Observability.Pipelines.Patterns;
using Observability.Pipelines.Samples;

namespace Observability.Cli.Commands.Bench;

/// <summary>
/// <c>obs bench patterns</c>: grouping accuracy (loghub's definition) of the Drain miner on generated,
/// labelled logs of several systems, each evaluated on its own lines as loghub's 2k samples are, plus the
/// mining throughput. Published anchor: Drain's mean grouping accuracy over loghub's 16 systems is about 0.87.
/// </summary>
internal static class PatternsBench
{
    public static Command Create()
    {
        var perSystem = new Option<int>("--lines") { Description = "Lines per system.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 42 };
        var similarity = new Option<double>("--similarity") { Description = "Drain similarity threshold.", DefaultValueFactory = _ => 0.5 };
        var cmd = new Command("patterns", "Log-template grouping accuracy on labelled generated logs, and mining speed.");
        cmd.Options.Add(perSystem);
        cmd.Options.Add(seed);
        cmd.Options.Add(similarity);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var options = new DrainOptions { Similarity = r.GetValue(similarity) };
            var all = LabelledLogs.Generate(r.GetValue(perSystem), r.GetValue(seed));
            var accuracies = new List<(string System, double Accuracy, int Templates, int Truth)>();
            long lines = 0;
            var cpu = TimeSpan.Zero;
            foreach (var group in all.GroupBy(l => l.System))
            {
                ct.ThrowIfCancellationRequested();
                var items = group.ToList();
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var result = PatternFileMiner.Mine(items.Select(i => i.Line), options);
                process.Refresh();
                cpu += process.TotalProcessorTime - cpu0;
                lines += items.Count;
                var predicted = result.LineTemplate.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
                var accuracy = GroupingAccuracy.Compute(items.Select(i => i.Template).ToList(), predicted);
                accuracies.Add((group.Key, accuracy, result.Templates.Count, items.Select(i => i.Template).Distinct().Count()));
                Console.WriteLine($"{group.Key,-9} lines={items.Count} templates_found={result.Templates.Count} templates_true={accuracies[^1].Truth} grouping_accuracy={accuracy:F4}");
            }

            var mean = accuracies.Average(a => a.Accuracy);
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"mean_grouping_accuracy={mean:F4} ");
            foreach (var a in accuracies)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{a.System}={a.Accuracy:F4} ");
            }

            sb.Append(CultureInfo.InvariantCulture, $"lines={lines} mining_lines_per_cpu_s={lines / Math.Max(cpu.TotalSeconds, 1e-9):F0} anchor_drain_loghub=0.87");
            Console.WriteLine(sb.ToString());
            return Task.FromResult(0);
        });
        return cmd;
    }
}
