using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;
using Observability.Detection.SingleSeries;

namespace Observability.Detection.Training;

/// <summary>
/// Training-run detectors over <c>training.*</c> documents: loss NaN/Inf, loss spikes (robust z of log-loss),
/// divergence (smoothed loss far above its best), step-time regression and throughput drop against the run's own
/// baseline, data-loader stalls (data time against its baseline), and straggler ranks (step time far above the
/// median of the job's ranks by MAD). Each finding is an <see cref="Anomaly"/> with a score and an explanation.
/// </summary>
public sealed class TrainingDetector
{
    private readonly TrainingFields _f;
    private readonly Dictionary<(string Job, string Rank), RankState> _ranks = new();

    public TrainingDetector(TrainingFields? fields = null) => _f = fields ?? new TrainingFields();

    public double SpikeZ { get; init; } = 8;

    public double DivergenceFactor { get; init; } = 2.0;

    public double StepRegressionFactor { get; init; } = 1.5;

    public double ThroughputDropFactor { get; init; } = 0.7;

    public double StragglerMads { get; init; } = 6;

    public IEnumerable<Anomaly> Observe(EcsDocument doc, DateTimeOffset arrival)
    {
        var job = doc.GetString(_f.JobId);
        if (job is null)
        {
            yield break;
        }

        var rank = doc.GetString(_f.Rank) ?? "0";
        var at = doc.Timestamp ?? arrival;
        if (!_ranks.TryGetValue((job, rank), out var s))
        {
            s = new RankState();
            _ranks[(job, rank)] = s;
        }

        s.LastSeen = at;
        var entity = LabelSet.Of(("job", job), ("rank", rank), ("host", doc.GetString(_f.Host) ?? string.Empty));
        var step = doc.GetString(_f.Step) ?? "?";

        if (doc.TryGet(_f.Loss, out var rawLoss))
        {
            var loss = doc.GetDouble(_f.Loss) ?? ParseNonFinite(rawLoss);
            if (loss is { } l)
            {
                foreach (var a in Loss(s, l, entity, at, step))
                {
                    yield return a;
                }
            }
        }

        if (doc.GetDouble(_f.StepMs) is { } ms && ms > 0)
        {
            s.StepTime.Add(ms);
            s.RecentStep.Add(ms);
            if (s.StepTime is { Baseline: { } b, RecentFull: true } && s.StepTime.Recent > StepRegressionFactor * b)
            {
                var ratio = s.StepTime.Recent / b;
                yield return new Anomaly("training", "step_time_regression", entity, at, Ratio(ratio, StepRegressionFactor), Inv($"step time median {s.StepTime.Recent:F0} ms is {ratio:F2}× the run's baseline {b:F0} ms (step {step})"));
            }

            foreach (var a in Stragglers(job, entity, at))
            {
                yield return a;
            }
        }

        if (doc.GetDouble(_f.SamplesPerSecond) is { } sps && sps >= 0)
        {
            s.Throughput.Add(sps);
            if (s.Throughput is { Baseline: { } b and > 0, RecentFull: true } && s.Throughput.Recent < ThroughputDropFactor * b)
            {
                var ratio = s.Throughput.Recent / b;
                yield return new Anomaly("training", "throughput_drop", entity, at, Ratio(1 / Math.Max(ratio, 1e-3), 1 / ThroughputDropFactor), Inv($"throughput {s.Throughput.Recent:F0} samples/s is {ratio:P0} of the run's baseline {b:F0}"));
            }
        }

        if (doc.GetDouble(_f.DataMs) is { } dataMs && dataMs >= 0)
        {
            s.DataTime.Add(dataMs);
            var stepMs = s.RecentStep.Count > 0 ? s.RecentStep.Median() : 0;
            if (s.DataTime is { Baseline: { } b, RecentFull: true } && s.DataTime.Recent > 3 * Math.Max(b, 1) && s.DataTime.Recent > 0.3 * stepMs)
            {
                yield return new Anomaly("training", "data_loader_stall", entity, at, Ratio(s.DataTime.Recent / Math.Max(b, 1), 3), Inv($"data loading takes {s.DataTime.Recent:F0} ms per step ({s.DataTime.Recent / Math.Max(stepMs, 1):P0} of the step), baseline {b:F0} ms"));
            }
        }
    }

    private IEnumerable<Anomaly> Loss(RankState s, double loss, LabelSet entity, DateTimeOffset at, string step)
    {
        if (!double.IsFinite(loss))
        {
            yield return new Anomaly("training", "loss_nonfinite", entity, at, 100, $"loss is {loss} at step {step}");
            yield break;
        }

        s.LossSamples++;
        var log = Math.Log(Math.Max(loss, 1e-12));
        if (s.LogLoss.Count >= 20)
        {
            var scale = Math.Max(RollingMedian.MadToSigma * s.LogLoss.Mad(), 0.01);
            var z = (log - s.LogLoss.Median()) / scale;
            if (z > SpikeZ)
            {
                yield return new Anomaly("training", "loss_spike", entity, at, Ratio(z, SpikeZ), Inv($"loss {loss:G4} at step {step} is {z:F1} robust σ above the recent median {Math.Exp(s.LogLoss.Median()):G4}"));
            }
        }

        s.LogLoss.Add(log);
        s.RecentLoss.Add(loss);
        if (s.RecentLoss.IsFull)
        {
            var smoothed = Median(s.RecentLoss);
            if (s.LossSamples > 40 && smoothed > DivergenceFactor * s.BestSmoothedLoss)
            {
                yield return new Anomaly("training", "loss_divergence", entity, at, Ratio(smoothed / s.BestSmoothedLoss, DivergenceFactor), Inv($"smoothed loss {smoothed:G4} is {smoothed / s.BestSmoothedLoss:F1}× its best {s.BestSmoothedLoss:G4} (step {step})"));
            }

            s.BestSmoothedLoss = Math.Min(s.BestSmoothedLoss, smoothed);
        }
    }

    private IEnumerable<Anomaly> Stragglers(string job, LabelSet entity, DateTimeOffset at)
    {
        var peers = _ranks.Where(p => p.Key.Job == job && p.Value.RecentStep.Count >= 5 && at - p.Value.LastSeen < TimeSpan.FromMinutes(5)).ToList();
        if (peers.Count < 3)
        {
            yield break;
        }

        var medians = peers.Select(p => p.Value.RecentStep.Median()).Order().ToList();
        var median = medians[medians.Count / 2];
        var mad = medians.Select(m => Math.Abs(m - median)).Order().ElementAt(medians.Count / 2);
        var scale = Math.Max(RollingMedian.MadToSigma * mad, 0.05 * median);
        var rank = entity["rank"]!;
        var mine = _ranks[(job, rank)].RecentStep.Median();
        var z = (mine - median) / scale;
        if (z > StragglerMads)
        {
            yield return new Anomaly("training", "straggler", entity, at, Ratio(z, StragglerMads), Inv($"rank {rank} step time {mine:F0} ms vs job median {median:F0} ms across {peers.Count} ranks ({z:F1} robust σ)"));
        }
    }

    /// <summary>50 at the limit, rising towards 100 as the ratio to the limit grows.</summary>
    internal static double Ratio(double value, double limit) => Math.Clamp(100 * (1 - (0.5 * limit / Math.Max(value, 1e-9))), 0, 100);

    private static double Median(RollingWindow w)
    {
        var a = new double[w.Count];
        w.CopyTo(a);
        Array.Sort(a);
        return a[a.Length / 2];
    }

    private static double? ParseNonFinite(object raw) => raw is string s
        ? s.Trim().ToLowerInvariant() switch { "nan" => double.NaN, "inf" or "infinity" or "+inf" => double.PositiveInfinity, "-inf" or "-infinity" => double.NegativeInfinity, _ => null }
        : null;

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
