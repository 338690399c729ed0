using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Observability.Benchmarks.Detection;
using Observability.Benchmarks.Detection.Nab;
using Observability.Detection.SingleSeries;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench detect --nab DIR [--out detections.json] [--cv]</c>: NAB standard-profile score of the streaming
/// single-series detector (one parameter set for all files), or with <c>--cv</c> its leave-one-category-out score. <c>obs bench detect --throughput</c>: SR + PCA samples/s and the p99
/// delay from a sample's arrival to its notification.
/// </summary>
internal static class DetectBench
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var nab = new Option<string?>("--nab") { Description = "NAB folder (data/ and labels/combined_windows.json), e.g. testdata/nab" };
        var output = new Option<string?>("--out") { Description = "Write the flagged timestamps per file as JSON" };
        var cv = new Option<bool>("--cv") { Description = "Leave-one-category-out: choose every tunable on the other categories, score the held-out one; the reference median/MAD z-score goes through the same procedure" };
        var throughput = new Option<bool>("--throughput") { Description = "Measure SR + PCA scoring samples/s and arrival-to-notification delay" };
        var seconds = new Option<int>("--seconds") { Description = "Duration of the delay measurement", DefaultValueFactory = _ => 20 };
        var cmd = new Command("detect", "Anomaly detection benchmarks (NAB score, throughput and notification delay).");
        cmd.Options.Add(nab);
        cmd.Options.Add(output);
        cmd.Options.Add(cv);
        cmd.Options.Add(throughput);
        cmd.Options.Add(seconds);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (r.GetValue(throughput))
            {
                var scoring = ThroughputBenchmark.MeasureScoring(entities: 64, samplesPerEntity: 20_000);
                Console.WriteLine($"scoring: {scoring.Samples} samples in {scoring.Seconds:F2} s on {scoring.Threads} threads ({scoring.CpuSeconds:F2} s CPU; measured after a warm-up)");
                var delay = await NotificationDelayBenchmark.RunAsync(TimeSpan.FromSeconds(Math.Clamp(r.GetValue(seconds), 5, 600)), ct);
                Console.WriteLine($"delay: {delay.Notified}/{delay.Injected} injected anomalies notified; p50 {delay.P50Ms:F0} ms, max {delay.MaxMs:F0} ms (evaluation every {delay.EvaluationIntervalMs:F0} ms, group_wait 0, for 0)");
                Console.WriteLine(FormattableString.Invariant($"samples_per_s={scoring.SamplesPerSecond:F0} samples_per_cpu_s={scoring.SamplesPerCpuSecond:F0} p99_notify_ms={delay.P99Ms:F0} threads={scoring.Threads}"));
                return delay.Notified == delay.Injected ? 0 : 1;
            }

            if (r.GetValue(nab) is not { } dir)
            {
                Console.Error.WriteLine("give --nab DIR or --throughput");
                return 2;
            }

            var files = NabCorpus.Load(dir);
            if (r.GetValue(cv))
            {
                return DetectCrossValidation.Print(files);
            }

            var result = NabBenchmark.Run(files, NabBenchmark.DefaultOptions());
            foreach (var f in result.Files)
            {
                Console.WriteLine(FormattableString.Invariant($"{f.Name,-58} windows {f.DetectedWindows}/{f.ScorableWindows} false {f.FalsePositives,3} raw {f.Raw,6:F2}"));
            }

            if (r.GetValue(output) is { } path)
            {
                var json = result.Detections.ToDictionary(p => p.Key, p => p.Value.Select(t => t.ToString(NabCorpus.TimestampFormat, CultureInfo.InvariantCulture)).ToList());
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(json, Indented), ct);
            }

            var weeks = files.Sum(NabSummary.ScoredWeeks);
            Console.WriteLine(FormattableString.Invariant($"files={files.Count} windows={result.Windows} detected={result.DetectedWindows} false_alarms={result.FalseAlarms} precision={result.Precision:F3} recall={result.Recall:F3}"));
            Console.WriteLine(FormattableString.Invariant($"false_alarms_per_series_week={(weeks > 0 ? result.FalseAlarms / weeks : 0):F2} (over {weeks:F0} series-weeks scored after probation; settings fitted on this whole subset, see --cv for held-out figures)"));
            Console.WriteLine(FormattableString.Invariant($"nab_standard={result.StandardScore:F1} f1={result.F1:F3}"));
            return 0;
        });
        return cmd;
    }
}
