using Observability.Reports.Model;
using Observability.Reports.Tests.Seed;

namespace Observability.Reports.Tests.Queries;

/// <summary>Every section's figures equal what C# computes from the seeded lists (not from the store, not by the same SQL).</summary>
public sealed class HealthReportFiguresTests(SeededStoreFixture f) : IClassFixture<SeededStoreFixture>
{
    private const int Precision = 6;
    private static readonly ReportPeriod P = SeededCluster.Period;
    private static readonly ReportPeriod Prev = SeededCluster.Period.Previous;

    private SeededCluster C => f.Cluster;

    private HealthReport R => f.Report;

    [Fact]
    public void Fleet_counts_hosts_lists_silent_and_new_hosts_and_agent_lag()
    {
        var seen = C.Gpu.Select(g => (g.Host, g.Ts)).Concat(C.Xids.Select(x => (x.Host, x.Ts))).Concat(C.Logs.Select(l => (l.Host, l.Ts)))
            .Concat(C.AgentStats.Select(a => (a.Host, a.Ts))).ToList();
        var cur = seen.Where(s => s.Ts.In(P)).Select(s => s.Host).ToHashSet();
        var prev = seen.Where(s => s.Ts.In(Prev)).Select(s => s.Host).ToHashSet();
        Assert.Equal(cur.Count, R.Fleet.HostsReporting.Current);
        Assert.Equal(prev.Count, R.Fleet.HostsReporting.Previous);
        var silent = seen.GroupBy(s => s.Host).Select(g => (Host: g.Key, Last: g.Max(s => s.Ts)))
            .Where(h => h.Last < P.End - f.Options.SilenceThreshold).OrderBy(h => h.Last).ToList();
        Assert.Equal(["h4", "h5"], silent.Select(s => s.Host));
        Assert.Equal(silent.Select(s => (s.Host, s.Last)), R.Fleet.SilentHosts.Select(s => (s.Host, s.LastSeen)));
        Assert.Equal(["h6"], R.Fleet.NewHosts);
        var lags = C.Gpu.Where(g => g.Ts.In(P)).Select(g => g.LagSeconds).ToList();
        Assert.Equal(Stats.Quantile(lags, 0.5)!.Value, R.Fleet.AgentLagP50Seconds.Current!.Value, tolerance: 1e-3); // timestamps carry µs
        Assert.Equal(Stats.Quantile(lags, 0.95)!.Value, R.Fleet.AgentLagP95Seconds.Current!.Value, tolerance: 1e-3);
    }

    [Fact]
    public void Gpu_utilisation_idle_hours_histogram_hottest_and_events()
    {
        var cur = C.Gpu.Where(g => g.Ts.In(P)).ToList();
        Assert.Equal(cur.Select(g => g.Gpu).Distinct().Count(), R.Gpus.GpusReporting.Current);
        Assert.Equal(cur.Average(g => g.UtilRatio * 100), R.Gpus.MeanUtilizationPct.Current!.Value, Precision);
        Assert.Equal(C.Gpu.Where(g => g.Ts.In(Prev)).Average(g => g.UtilRatio * 100), R.Gpus.MeanUtilizationPct.Previous!.Value, Precision);

        // Idle time: from an idle sample to the GPU's next sample in the window (or the window end), at most MaxSampleGap.
        double IdleHours(IEnumerable<SeededCluster.GpuSample> samples, ReportPeriod p) => samples.GroupBy(g => g.Gpu).Sum(g =>
        {
            var s = g.OrderBy(x => x.Ts).ToList();
            return s.Select((x, i) => x.UtilRatio * 100 < f.Options.IdleUtilizationPct
                ? Math.Min(((i + 1 < s.Count ? s[i + 1].Ts : p.End) - x.Ts).TotalSeconds, f.Options.MaxSampleGap.TotalSeconds) : 0).Sum();
        }) / 3600;
        Assert.Equal(IdleHours(cur, P), R.Gpus.IdleGpuHours.Current!.Value, Precision);
        Assert.Equal(IdleHours(C.Gpu.Where(g => g.Ts.In(Prev)), Prev), R.Gpus.IdleGpuHours.Previous!.Value, Precision);
        Assert.True(R.Gpus.IdleGpuHours.Current > 0);

        var histogram = new long[10];
        foreach (var g in cur)
        {
            histogram[Math.Min((int)(g.UtilRatio * 10), 9)]++;
        }

        Assert.Equal(histogram, R.Gpus.UtilizationHistogram);
        var h2 = R.Gpus.PerGpu.Single(g => g.Gpu == "GPU-h2-1");
        var h2Samples = cur.Where(g => g.Gpu == "GPU-h2-1").Select(g => g.UtilRatio * 100).ToList();
        Assert.Equal(Stats.Quantile(h2Samples, 0.95)!.Value, h2.P95Pct, Precision);
        Assert.Equal(h2Samples.Count, h2.Samples);

        var hottest = cur.GroupBy(g => g.Gpu).Select(g => (Gpu: g.Key, Max: g.Max(x => x.Temp))).OrderByDescending(g => g.Max).ThenBy(g => g.Gpu, StringComparer.Ordinal).Take(f.Options.TopN);
        Assert.Equal(hottest, R.Gpus.Hottest.Select(h => (h.Gpu, h.MaxCelsius)));

        var xids = C.Xids.Where(x => x.Ts.In(P)).ToList();
        Assert.Equal(xids.Count, R.Gpus.XidEvents.Current);
        Assert.Equal(C.Xids.Count(x => x.Ts.In(Prev)), R.Gpus.XidEvents.Previous);
        Assert.Equal(xids.GroupBy(x => x.Code).ToDictionary(g => g.Key, g => (long)g.Count()), R.Gpus.XidByCode.ToDictionary(x => x.Code, x => x.Count));
        Assert.Equal(1, R.Gpus.GpusWithNewUncorrectedEcc.Current);
        Assert.Equal(0, R.Gpus.GpusWithNewUncorrectedEcc.Previous);
        Assert.Equal(cur.Count(g => (g.Throttle & ~1L) != 0), R.Gpus.ThrottledSamples.Current);
    }

    [Fact]
    public void Logs_error_rate_trend_and_patterns()
    {
        static bool IsError(string level) => level.Equals("error", StringComparison.OrdinalIgnoreCase);
        var cur = C.Logs.Where(l => l.Ts.In(P)).ToList();
        var prev = C.Logs.Where(l => l.Ts.In(Prev)).ToList();
        Assert.Equal(cur.Count, R.Logs.Lines.Current);
        Assert.Equal(cur.Count(l => IsError(l.Level)), R.Logs.Errors.Current);
        Assert.Equal(prev.Count(l => IsError(l.Level)), R.Logs.Errors.Previous);
        Assert.Equal(cur.Count(l => IsError(l.Level)) * 100.0 / cur.Count, R.Logs.ErrorRatePct.Current!.Value, Precision);
        Assert.Equal("log.pattern.id", R.Logs.PatternSource);

        // One trend point per hour (24 points over 24 h).
        var trend = cur.GroupBy(l => (long)((l.Ts - P.Start).TotalSeconds / 3600)).OrderBy(g => g.Key)
            .Select(g => (P.Start.AddHours(g.Key), g.Count(l => IsError(l.Level)) * 100.0 / g.Count())).ToList();
        Assert.Equal(trend.Count, R.Logs.ErrorRateTrend.Count);
        Assert.All(trend.Zip(R.Logs.ErrorRateTrend), z =>
        {
            Assert.Equal(z.First.Item1, z.Second.Time);
            Assert.Equal(z.First.Item2, z.Second.Value, Precision);
        });

        static string Pattern((string Host, DateTimeOffset Ts, string Level, string Message, string? PatternId) l) => l.PatternId ?? l.Message;
        var prevPatterns = prev.Where(l => IsError(l.Level)).Select(Pattern).ToHashSet();
        var patterns = cur.Where(l => IsError(l.Level)).GroupBy(Pattern).Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(patterns.Take(f.Options.TopN), R.Logs.TopPatterns.Select(p => (p.Pattern, p.Count)));
        var fresh = patterns.Where(p => !prevPatterns.Contains(p.Key)).Select(p => p.Key).Take(f.Options.TopN).ToList();
        Assert.NotEmpty(fresh); // "error kind 3" only occurs in this period
        Assert.Equal(fresh, R.Logs.NewPatterns.Select(p => p.Pattern));
    }

    [Fact]
    public void Alerts_and_anomalies()
    {
        var rules = C.Alerts.Where(a => a.Detector is null).ToList();
        Assert.Equal(rules.Count(a => a.Starts.In(P)), R.Alerts.Fired.Current);
        Assert.Equal(rules.Count(a => a.Starts.In(Prev)), R.Alerts.Fired.Previous);
        var resolved = rules.Where(a => a.Ends is { } e && e.In(P)).ToList();
        Assert.Equal(resolved.Count, R.Alerts.Resolved.Current);
        Assert.Equal(Stats.Quantile(resolved.Select(a => (a.Ends!.Value - a.Starts).TotalMinutes), 0.5)!.Value, R.Alerts.TimeToResolveP50Minutes.Current!.Value, Precision);
        var noisy = rules.Where(a => a.Starts.In(P)).GroupBy(a => a.Name).Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(noisy, R.Alerts.NoisiestRules.Select(r => (r.Rule, r.Fired)));
        Assert.Equal(C.Silences.Count(s => s.In(P)), R.Alerts.SilencesCreated.Current);

        var anomalies = C.Alerts.Where(a => a.Detector is not null).ToList();
        Assert.Equal(anomalies.Count(a => a.Starts.In(P)), R.Anomalies.Total.Current);
        Assert.Equal(anomalies.Count(a => a.Starts.In(Prev)), R.Anomalies.Total.Previous);
        Assert.Equal(anomalies.Where(a => a.Starts.In(P)).GroupBy(a => a.Detector!).ToDictionary(g => g.Key, g => (long)g.Count()),
            R.Anomalies.ByDetector.ToDictionary(d => d.Detector, d => d.Count));
    }

    [Fact]
    public void Training_outcomes_queue_wait_gpu_hours_and_step_regressions()
    {
        var runs = C.RankRuns.Where(r => r.Ts.In(P)).ToList();
        var jobs = runs.GroupBy(r => r.Job).Select(g => g.OrderBy(r => r.Ts.ToUnixTimeMilliseconds() * 1e6 + r.DurationNs).Last().Outcome).ToList();
        Assert.Equal(jobs.Count, R.Training.Jobs.Current);
        Assert.Equal(jobs.Count(o => o == "success"), R.Training.Succeeded.Current);
        Assert.Equal(jobs.Count(o => o == "failure"), R.Training.Failed.Current);
        Assert.True(R.Training.Failed.Current > 0 && R.Training.Succeeded.Current > 0);
        Assert.Equal(runs.Sum(r => r.DurationNs / 1e9) / 3600, R.Training.GpuHours.Current!.Value, Precision);
        var waits = C.QueueWaits.Where(q => q.Ts.In(P)).Select(q => q.DurationNs / 1e9).ToList();
        Assert.Equal(Stats.Quantile(waits, 0.5)!.Value, R.Training.QueueWaitP50Seconds.Current!.Value, Precision);
        Assert.Equal(Stats.Quantile(waits, 0.95)!.Value, R.Training.QueueWaitP95Seconds.Current!.Value, Precision);

        var regression = Assert.Single(R.Training.StepTimeRegressions);
        Assert.Equal("job-9", regression.Job);
        var steps = C.TrainingMetrics.Where(m => m.Job == "job-9" && m.Ts.In(P)).OrderBy(m => m.Ts).Select(m => m.StepMs).ToList();
        Assert.Equal(Stats.Quantile(steps.Take(steps.Count / 2), 0.5)!.Value, regression.BeforeMs, Precision);
        Assert.Equal(Stats.Quantile(steps.Skip(steps.Count / 2), 0.5)!.Value, regression.AfterMs, Precision);
        Assert.Equal(C.TrainingMetrics.Where(m => m.Ts.In(P)).GroupBy(m => (long)((m.Ts - P.Start).TotalSeconds / 3600))
            .Sum(b => b.GroupBy(m => m.Job).Sum(j => j.Average(m => m.Sps))), R.Training.ThroughputTrend.Sum(t => t.Value), Precision);
    }

    [Fact]
    public void Pipeline_volume_drops_and_dead_letters()
    {
        var docs = C.Gpu.Count(g => g.Ts.In(P)) + C.Xids.Count(x => x.Ts.In(P)) + C.Logs.Count(l => l.Ts.In(P)) + C.AgentStats.Count(a => a.Ts.In(P))
            + C.RankRuns.Count(r => r.Ts.In(P)) + C.QueueWaits.Count(q => q.Ts.In(P)) + C.TrainingMetrics.Count(m => m.Ts.In(P));
        Assert.Equal(docs, R.Pipeline.Documents.Current);
        Assert.Equal(docs, R.Pipeline.IngestTrend.Sum(t => t.Value));
        Assert.Equal(C.Logs.Count(l => l.Ts.In(P)), R.Pipeline.ByDataset.Single(d => d.Table == "logs" && d.Dataset == "app").Documents);
        var dropped = C.AgentStats.Where(a => a.Ts.In(P)).GroupBy(a => a.Host).Sum(g => g.Max(a => a.Dropped) - g.Min(a => a.Dropped));
        Assert.True(dropped > 0);
        Assert.Equal(dropped, R.Pipeline.AgentDroppedEvents.Current);
        Assert.Equal(C.DeadLetters.Count(d => d.Ts.In(P)), R.Pipeline.DeadLetters.Current);
        Assert.Equal(C.DeadLetters.Count(d => d.Ts.In(Prev)), R.Pipeline.DeadLetters.Previous);
    }
}
