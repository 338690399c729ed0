using Observability.Core.Metrics;
using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>
/// Training from the training stack's spans and metrics: a job ran when it has a <c>train.rank.run</c> span starting in the
/// window; its outcome is the <c>event.outcome</c> of its latest-ending rank span; GPU-hours are the rank spans' durations
/// (one GPU per rank); queue wait is the <c>train.job.queue_wait</c> span; throughput is <c>training.samples_per_second</c>
/// summed over jobs per bucket; step time is <c>training.step.duration_ms</c>.
/// </summary>
public sealed class TrainingQuery(ReportQueryContext db)
{
    private const string RankRuns =
        "SELECT json_extract_string(doc, '$.training.job.id') AS job, ts, duration_ns, json_extract_string(doc, '$.event.outcome') AS outcome " +
        "FROM traces WHERE span_name = 'train.rank.run' AND " + InWindow;

    // The worker's step documents hold training.step (a number) too, so the stored JSON keeps "step.duration_ms" as one
    // literal key inside "training" ({"training":{"step":7,"step.duration_ms":120}}); other writers nest it. Both are read.
    private static readonly string TrainingMetrics =
        $"SELECT job_id AS job, ts, TRY_CAST(json_extract(doc, '$.{MetricCatalog.SamplesPerSecond.Name}') AS DOUBLE) AS sps, " +
        "TRY_CAST(coalesce(json_extract(doc, '$.training.\"step.duration_ms\"'), json_extract(doc, '$.training.step.duration_ms')) AS DOUBLE) AS step_ms " +
        "FROM metrics WHERE event_dataset = 'training' AND job_id IS NOT NULL AND " + InWindow;

    public TrainingSection Run(ReportPeriod period)
    {
        var cur = Summary(period);
        var prev = Summary(period.Previous);
        var metricRows = db.Scalar($"SELECT count(*) FROM ({TrainingMetrics})", Window(period)) is long m ? m : 0;
        if (cur.Jobs == 0 && prev.Jobs == 0 && cur.Waits == 0 && prev.Waits == 0 && metricRows == 0)
        {
            return new TrainingSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null),
                Figure.Of(null, null), Figure.Of(null, null), [], []);
        }

        var bucket = db.BucketSeconds(period);
        var throughput = db.Rows(
            $"""
            SELECT b, sum(per_job) FROM (
              SELECT floor((epoch(ts) - $start) / $bucket) AS b, job, avg(sps) AS per_job FROM ({TrainingMetrics}) WHERE sps IS NOT NULL GROUP BY b, job)
            GROUP BY b ORDER BY b
            """,
            r => new TimePoint(FromEpoch(period.Start.ToUnixTimeSeconds() + (D(r, 0) * bucket)), D(r, 1)), Window(period, ("bucket", bucket)));
        var regressions = db.Rows(
            $"""
            SELECT job, median(step_ms) FILTER (WHERE half = 0) AS before, median(step_ms) FILTER (WHERE half = 1) AS after FROM (
              SELECT job, step_ms, CASE WHEN row_number() OVER (PARTITION BY job ORDER BY ts) <= count(*) OVER (PARTITION BY job) / 2 THEN 0 ELSE 1 END AS half
              FROM ({TrainingMetrics}) WHERE step_ms IS NOT NULL)
            GROUP BY job HAVING count(*) >= 4 AND before > 0 AND after >= before * $ratio ORDER BY after / before DESC, job
            """,
            r => new TrainingSection.StepTimeRegression(S(r, 0), D(r, 1), D(r, 2), D(r, 2) / D(r, 1)), Window(period, ("ratio", db.Options.StepRegressionRatio)));
        return new TrainingSection(true, Figure.Of(cur.Jobs, prev.Jobs), Figure.Of(cur.Succeeded, prev.Succeeded), Figure.Of(cur.Failed, prev.Failed),
            Figure.Of(cur.WaitP50, prev.WaitP50), Figure.Of(cur.WaitP95, prev.WaitP95), Figure.Of(cur.GpuHours, prev.GpuHours), throughput, regressions);
    }

    private (long Jobs, long Succeeded, long Failed, double? GpuHours, long Waits, double? WaitP50, double? WaitP95) Summary(ReportPeriod period)
    {
        var p = Window(period);
        var jobs = db.Rows(
            $"""
            SELECT count(*), count(*) FILTER (WHERE last_outcome = 'success'), count(*) FILTER (WHERE last_outcome = 'failure'), sum(gpu_s) / 3600.0 FROM (
              SELECT job, arg_max(outcome, epoch(ts) * 1e9 + duration_ns) AS last_outcome, sum(duration_ns) / 1e9 AS gpu_s
              FROM ({RankRuns}) WHERE job IS NOT NULL GROUP BY job)
            """,
            r => (L(r, 0), L(r, 1), L(r, 2), r.IsDBNull(3) ? (double?)null : D(r, 3)), p)[0];
        var waits = db.Rows(
            $"""
            SELECT count(*), quantile_cont(duration_ns / 1e9, 0.5), quantile_cont(duration_ns / 1e9, 0.95)
            FROM traces WHERE span_name = 'train.job.queue_wait' AND duration_ns IS NOT NULL AND {InWindow}
            """,
            r => (L(r, 0), r.IsDBNull(1) ? (double?)null : D(r, 1), r.IsDBNull(2) ? (double?)null : D(r, 2)), p)[0];
        return (jobs.Item1, jobs.Item2, jobs.Item3, jobs.Item4, waits.Item1, waits.Item2, waits.Item3);
    }
}
