using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Observability.Benchmarks.Samples;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Pipelines;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench pipelines</c>: runs the shipped pipelines (all of them, with their conditions and the final
/// redaction pass, exactly as the indexer does) over generated training-worker and kernel lines, and reports
/// events/s and MiB/s per core from the process CPU time (<see cref="Process.TotalProcessorTime"/>, so GC and
/// JIT threads count) and wall time. Input bytes are the UTF-8 lines plus newline, as they sit in a file.
/// </summary>
internal static class PipelinesBench
{
    public static Command Create()
    {
        var lines = new Option<int>("--lines") { Description = "Lines per workload.", DefaultValueFactory = _ => 1_000_000 };
        var dir = new Option<DirectoryInfo>("--pipelines") { Description = "Pipeline directory.", DefaultValueFactory = _ => new DirectoryInfo("pipelines") };
        var redact = new Option<bool>("--redact") { Description = "Run the final redaction pass, as the indexer does.", DefaultValueFactory = _ => true };
        var cmd = new Command("pipelines", "Events/s and MiB/s per core of the training-log and kernel pipelines.");
        cmd.Options.Add(lines);
        cmd.Options.Add(dir);
        cmd.Options.Add(redact);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var n = r.GetValue(lines);
            var runner = PipelineRunner.Load(new PipelineRunnerOptions { Directory = r.GetValue(dir)!.FullName, RedactAll = r.GetValue(redact) });
            var results = new List<(string Name, Figures F)>
            {
                ("training", Measure(runner, "training", BenchLines.Training(n).ToArray(), ct)),
                ("kernel", Measure(runner, "kernel", BenchLines.Kernel(n).ToArray(), ct)),
            };
            foreach (var (name, f) in results)
            {
                Console.WriteLine($"{name,-9} lines={f.Lines} MiB={f.MiB:F1} cpu_s={f.CpuSeconds:F2} wall_s={f.WallSeconds:F2} events/s/core={f.EventsPerCoreSecond:F0} MiB/s/core={f.MiBPerCoreSecond:F1} wall_events/s={f.Lines / f.WallSeconds:F0} failures={f.Failures} dropped={f.Dropped}");
            }

            var last = new StringBuilder();
            foreach (var (name, f) in results)
            {
                last.Append(CultureInfo.InvariantCulture, $"{name}_events_per_s_per_core={f.EventsPerCoreSecond:F0} {name}_mib_per_s_per_core={f.MiBPerCoreSecond:F1} {name}_failures={f.Failures} ");
            }

            last.Append(CultureInfo.InvariantCulture, $"lines={n} cores={Environment.ProcessorCount}");
            Console.WriteLine(last.ToString());
            return Task.FromResult(0);
        });
        return cmd;
    }

    private sealed record Figures(long Lines, double MiB, double CpuSeconds, double WallSeconds, long Failures, long Dropped)
    {
        public double EventsPerCoreSecond => Lines / CpuSeconds;

        public double MiBPerCoreSecond => MiB / CpuSeconds;
    }

    private static Figures Measure(IDocumentProcessor runner, string dataset, string[] lines, CancellationToken ct)
    {
        long bytes = 0;
        foreach (var l in lines)
        {
            bytes += Encoding.UTF8.GetByteCount(l) + 1;
        }

        // Warm-up for three seconds so tiered JIT has promoted the hot paths (it waits ~100 ms of quiet
        // before it recompiles) and the figures are the steady state a long-running indexer sees.
        var warm = Stopwatch.StartNew();
        for (var i = 0; warm.Elapsed < TimeSpan.FromSeconds(3); i = (i + 1) % lines.Length)
        {
            runner.Process(Doc(lines[i], dataset));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long failures = 0, dropped = 0;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var doc = Doc(lines[i], dataset);
            if (runner.Process(doc) == ProcessOutcome.Drop)
            {
                dropped++;
            }
            else if (doc.Contains(EcsFields.ErrorMessage))
            {
                failures++;
            }
        }

        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        return new Figures(lines.Length, bytes / 1048576.0, cpu, wall.Elapsed.TotalSeconds, failures, dropped);
    }

    /// <summary>The event as the agent ships it: the line, its dataset, host and file.</summary>
    private static EcsDocument Doc(string line, string dataset)
    {
        var doc = new EcsDocument(24);
        doc.Set(EcsFields.Message, line);
        doc.Set(EcsFields.EventDataset, dataset);
        doc.Set(EcsFields.HostName, "node-01");
        doc.Set(EcsFields.LogFilePath, "/var/log/" + dataset + ".log");
        return doc;
    }
}
