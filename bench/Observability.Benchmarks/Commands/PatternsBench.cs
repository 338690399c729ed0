using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Observability.Benchmarks.Samples.Formats;
using Observability.Pipelines.Patterns;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench patterns</c>: grouping accuracy (loghub's definition) of the miner on labelled sets generated from
/// documented log layouts, each in two forms — raw lines with their headers (the header learned with no
/// configuration) and the message alone — for a tuning part (seed 42) and a held-out part (another seed; the
/// formats marked * were never tuned on); plus mining speed in lines per CPU
/// second, over the raw lines (header learning and cutting included) and over the messages alone.
/// </summary>
internal static class PatternsBench
{
    public static Command Create()
    {
        var perSet = new Option<int>("--lines") { Description = "Lines per set.", DefaultValueFactory = _ => 2000 };
        var similarity = new Option<double>("--similarity") { Description = "Drain similarity threshold.", DefaultValueFactory = _ => 0.5 };
        var part = new Option<string>("--part") { Description = "tuning, held-out or both.", DefaultValueFactory = _ => "both" };
        part.AcceptOnlyFromAmong("tuning", "held-out", "both");
        var seedOption = new Option<int?>("--seed") { Description = "Evaluate the tuned formats only, at this seed (instead of the two parts)." };
        var explain = new Option<string?>("--explain") { Description = "For one set, list each true template with the templates its lines were given (raw form)." };
        var cmd = new Command("patterns", "Log-template grouping accuracy on labelled sets of 14 formats (raw lines and messages), and mining speed.");
        cmd.Options.Add(perSet);
        cmd.Options.Add(similarity);
        cmd.Options.Add(part);
        cmd.Options.Add(explain);
        cmd.Options.Add(seedOption);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var options = new DrainOptions { Similarity = r.GetValue(similarity) };
            var count = r.GetValue(perSet);
            if (count < 1 || options.Similarity is <= 0 or > 1)
            {
                Console.Error.WriteLine("--lines must be at least 1 and --similarity in (0, 1]");
                return Task.FromResult(2);
            }

            var which = r.GetValue(part)!;
            var summary = new StringBuilder();
            long lines = 0;
            var cpu = TimeSpan.Zero;
            var messageCpu = TimeSpan.Zero;
            var learnCpu = TimeSpan.Zero;

            // Untimed passes, so that compiling the miner (tiered JIT runs on other threads of this process) is
            // not counted as mining.
            for (var warm = 0; warm < 3; warm++)
            {
                foreach (var format in LabelledFormats.All)
                {
                    var sample = LabelledFormats.Generate(format, 1000, 1);
                    PatternFileMiner.Mine(sample.Select(l => l.Raw), options);
                    PatternFileMiner.Mine(sample.Select(l => l.Message), options, detectHeader: false);
                }
            }

            Thread.Sleep(200);

            var parts = r.GetValue(seedOption) is { } chosen
                ? new[] { ("tuning", chosen) }
                : [("tuning", LabelledFormats.TuningSeed), ("held-out", LabelledFormats.HeldOutSeed)];
            foreach (var (name, seed) in parts)
            {
                if (which != "both" && which != name)
                {
                    continue;
                }

                // The tuning part holds only the formats tuned on; the held-out part all of them at another seed.
                var formats = name == "tuning" ? LabelledFormats.All.Where(f => !f.HeldOut).ToList() : LabelledFormats.All;
                Console.WriteLine($"{name} part (seed {seed}, {count} lines a set; * = format never tuned on)");
                Console.WriteLine($"  {"set",-13} {"raw",6} {"message",8} {"found",6} {"true",5}  header");
                var results = new List<(LogFormat Format, double Raw, double Message)>();
                foreach (var format in formats)
                {
                    ct.ThrowIfCancellationRequested();
                    var set = LabelledFormats.Generate(format, count, seed);
                    var truth = set.Select(l => l.Template).ToList();
                    var raws = set.Select(l => l.Raw).ToList();
                    var process = Process.GetCurrentProcess();
                    var cpu0 = process.TotalProcessorTime;
                    var raw = PatternFileMiner.Mine(raws, options);
                    process.Refresh();
                    cpu += process.TotalProcessorTime - cpu0;
                    lines += raws.Count;
                    process.Refresh();
                    cpu0 = process.TotalProcessorTime;
                    HeaderLayout.Learn([.. raws.Take(PatternFileMiner.HeaderSample)]);
                    process.Refresh();
                    learnCpu += process.TotalProcessorTime - cpu0;
                    var messages = set.Select(l => l.Message).ToList();
                    process.Refresh();
                    cpu0 = process.TotalProcessorTime;
                    var message = PatternFileMiner.Mine(messages, options, detectHeader: false);
                    process.Refresh();
                    messageCpu += process.TotalProcessorTime - cpu0;
                    var rawAccuracy = GroupingAccuracy.Compute(truth, Labels(raw));
                    var messageAccuracy = GroupingAccuracy.Compute(truth, Labels(message));
                    results.Add((format, rawAccuracy, messageAccuracy));
                    if (r.GetValue(explain) == format.Name)
                    {
                        Explain(set, raw);
                    }

                    var label = format.Name + (format.HeldOut ? "*" : string.Empty);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-13} {rawAccuracy,6:F3} {messageAccuracy,8:F3} {raw.Templates.Count,6} {truth.Distinct().Count(),5}  {raw.Header}"));
                }

                Summarise(summary, name, "all", results);
                Summarise(summary, name, "tuned", [.. results.Where(x => !x.Format.HeldOut)]);
                Summarise(summary, name, "never_tuned", [.. results.Where(x => x.Format.HeldOut)]);
            }

            summary.Append(CultureInfo.InvariantCulture, $"lines={lines} raw_lines_per_cpu_s={lines / Math.Max(cpu.TotalSeconds, 1e-9):F0} message_lines_per_cpu_s={lines / Math.Max(messageCpu.TotalSeconds, 1e-9):F0} header_learning_cpu_ms={learnCpu.TotalMilliseconds:F0} raw_cpu_ms={cpu.TotalMilliseconds:F0}");
            Console.WriteLine(summary.ToString());
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static void Explain(IReadOnlyList<LabelledFormats.Line> set, PatternFileMiner.Result result)
    {
        foreach (var truth in Enumerable.Range(0, set.Count).GroupBy(i => set[i].Template).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {truth.Key} ({truth.Count()} lines), e.g. {set[truth.First()].Raw}");
            foreach (var found in truth.GroupBy(i => result.LineTemplate[i]))
            {
                var t = result.Templates[found.Key];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {found.Count(),5} of {t.Count,5}: {t.Template}"));
            }
        }
    }

    private static List<string> Labels(PatternFileMiner.Result result) =>
        [.. result.LineTemplate.Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private static void Summarise(StringBuilder sb, string part, string which, List<(LogFormat Format, double Raw, double Message)> results)
    {
        if (results.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"{part}_{which}_raw_mean={results.Average(x => x.Raw):F3} {part}_{which}_message_mean={results.Average(x => x.Message):F3} ");
        sb.Append(CultureInfo.InvariantCulture, $"{part}_{which}_min={results.Min(x => Math.Min(x.Raw, x.Message)):F3} ");
    }
}
