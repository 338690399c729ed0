using System.CommandLine;
using System.Globalization;
using Observability.Training.Protocol;
using Observability.Training.Specs;
using Observability.Training.Workers;
using Spectre.Console;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench train</c>: the same job with instrumentation on and off, alternating, comparing median step time (wall
/// time per step, instrumentation included). Default <c>--mode steps</c>: on and off alternate every <c>--block</c> steps
/// inside each rank process, so both halves see the same machine load; <c>--mode runs</c>: whole runs alternate (ABBA),
/// each on run compared with its neighbouring off run. Last line: <c>overhead_pct=… median_step_ms_on=… median_step_ms_off=… …</c>;
/// steps mode adds <c>direct_overhead_pct</c>: time the training thread spends in instrumentation code per step (the
/// hand-off of the step record; on sampled steps also the clock read and the gradient norm) over the bare median step, a
/// lower bound that does not move with machine load: the shipper and exporter threads are not in it, which is why
/// <c>--mode runs</c>, where the off runs load no telemetry at all, is the check on the whole cost. <c>telemetry_lost</c>:
/// step records the ring dropped (a non-zero value means the on runs did less telemetry work than they should have).
/// </summary>
internal static class TrainBench
{
    public static Command Create()
    {
        var pairs = new Option<int>("--pairs") { Description = "On/off run pairs (runs mode), or runs (steps mode)", DefaultValueFactory = _ => 4 };
        var steps = new Option<int>("--steps") { Description = "Steps per run", DefaultValueFactory = _ => 2000 };
        var hidden = new Option<int>("--hidden") { Description = "MLP width", DefaultValueFactory = _ => 256 };
        var traceEvery = new Option<int>("--trace-every") { Description = "Step span and metric document every N steps", DefaultValueFactory = _ => 10 };
        var mode = new Option<string>("--mode")
        {
            Description = "steps: on/off alternate every --block steps inside each run (default; same process, same load); runs: whole runs alternate",
            DefaultValueFactory = _ => "steps",
        };
        var block = new Option<int>("--block") { Description = "Steps per on/off block in steps mode", DefaultValueFactory = _ => 20 };
        var cmd = new Command("train", "Training instrumentation overhead: median step time with instrumentation on vs off.") { pairs, steps, hidden, traceEvery, mode, block };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var spec = new JobSpec
            {
                Name = "bench-train",
                Owner = "bench",
                Model = new ModelSpec { Type = "mlp", Hidden = r.GetValue(hidden), Layers = 3 },
                Dataset = new DatasetSpec { Type = "regression", Samples = 8192, Features = 64 },
                Steps = r.GetValue(steps),
                BatchSize = 128,
                CheckpointEvery = 0,
                TraceEverySteps = r.GetValue(traceEvery),
            };
            JobSpecLoader.Validate(spec);
            var worker = WorkerLocator.Locate();
            var root = Path.Combine(Path.GetTempPath(), "obs-bench-train-" + Guid.NewGuid().ToString("N"));
            if (r.GetValue(mode) == "steps")
            {
                return await InterleavedAsync(worker, spec, root, r.GetValue(pairs), r.GetValue(block), ct);
            }

            var on = new List<double>();
            var off = new List<double>();
            long lost = 0;
            var table = new Table().AddColumns("RUN", "INSTRUMENTATION", "MEDIAN STEP MS", "P95 MS", "DOCUMENTS");
            try
            {
                var order = new List<bool>();
                for (var i = 0; i < r.GetValue(pairs); i++)
                {
                    order.AddRange(i % 2 == 0 ? [true, false] : [false, true]);
                }

                // One untimed warm-up run (page cache, JIT of the runtime's first process).
                await RunAsync(worker, spec, root, -1, false, ct);
                for (var i = 0; i < order.Count; i++)
                {
                    var result = await RunAsync(worker, spec, root, i, order[i], ct);
                    if (result.ExitCode != 0 || result.Summary is null)
                    {
                        AnsiConsole.MarkupLineInterpolated($"[red]run {i} failed with exit code {result.ExitCode}; see {result.LogPath}[/]");
                        return 1;
                    }

                    (order[i] ? on : off).Add(result.Summary.StepP50Ms);
                    lost += result.Summary.TelemetryLostRecords ?? 0;
                    table.AddRow(i.ToString(CultureInfo.InvariantCulture), order[i] ? "on" : "off", F(result.Summary.StepP50Ms), F(result.Summary.StepP95Ms),
                        result.Documents.ToString(CultureInfo.InvariantCulture));
                }
            }
            finally
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // temp files of a rank still closing
                }
            }

            AnsiConsole.Write(table);

            // Each on run is compared with the off run next to it (same pair, so the same machine load), and the median
            // of those ratios is the overhead; the medians of all on and all off runs are printed alongside.
            var paired = on.Zip(off, (a, b) => ((a / b) - 1) * 100).ToList();
            var medianOn = Median([.. on]);
            var medianOff = Median([.. off]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"overhead_pct={Median(paired):F2} median_step_ms_on={medianOn:F4} median_step_ms_off={medianOff:F4} unpaired_overhead_pct={((medianOn / medianOff) - 1) * 100:F2} telemetry_lost={lost} pairs={paired.Count} steps={spec.Steps}"));
            return 0;
        });
        return cmd;
    }

    /// <summary>Each run alternates instrumentation every <paramref name="block"/> steps; overhead = median over runs of on/off − 1.</summary>
    private static async Task<int> InterleavedAsync(string worker, JobSpec spec, string root, int runs, int block, CancellationToken ct)
    {
        var table = new Table().AddColumns("RUN", "MEDIAN STEP MS ON", "MEDIAN STEP MS OFF", "OVERHEAD %", "INSTRUMENTATION MS/STEP", "DOCUMENTS");
        var ratios = new List<double>();
        var direct = new List<double>();
        long lost = 0;
        var on = new List<double>();
        var off = new List<double>();
        try
        {
            for (var i = 0; i < runs; i++)
            {
                var result = await RunAsync(worker, spec, root, i, true, ct, block);
                if (result.ExitCode != 0 || result.Summary?.StepP50MsInstrumented is not { } a || result.Summary.StepP50MsBare is not { } b)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]run {i} failed with exit code {result.ExitCode}; see {result.LogPath}[/]");
                    return 1;
                }

                on.Add(a);
                off.Add(b);
                ratios.Add(((a / b) - 1) * 100);
                lost += result.Summary.TelemetryLostRecords ?? 0;
                var instrumentation = result.Summary.InstrumentationMsPerStep ?? 0;
                direct.Add(instrumentation / b * 100);
                table.AddRow(i.ToString(CultureInfo.InvariantCulture), F(a), F(b), ratios[^1].ToString("F2", CultureInfo.InvariantCulture), F(instrumentation),
                    result.Documents.ToString(CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // temp files of a rank still closing
            }
        }

        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overhead_pct={Median(ratios):F2} median_step_ms_on={Median(on):F4} median_step_ms_off={Median(off):F4} direct_overhead_pct={Median(direct):F3} telemetry_lost={lost} runs={runs} steps={spec.Steps} block={block} mode=steps"));
        return 0;
    }

    private static Task<RankRunner.Result> RunAsync(string worker, JobSpec spec, string root, int run, bool instrumented, CancellationToken ct, int alternate = 0)
    {
        var jobId = $"bench-{run}";
        var config = new RankConfig
        {
            JobId = jobId,
            Spec = spec,
            Attempt = 1,
            Rank = 0,
            WorldSize = 1,
            JobDirectory = Path.Combine(root, jobId),
            Rendezvous = "attempt-1",
            Instrumentation = instrumented,
            AlternateInstrumentationEvery = alternate,
            Threads = 1,
        };
        return RankRunner.RunAsync(worker, config, instrumented ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" : null, ct);
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
    }
}
