using Observability.Core.Metrics;
using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>
/// GPU samples (<c>event.dataset: gpu.device</c>) and XID events (<c>gpu.xid</c>). Utilisation is stored in the unit of
/// <see cref="MetricCatalog.GpuUtilization"/> (a 0–1 ratio) and shown in percent; the idle threshold, given in percent,
/// is compared in the stored unit and the histogram's bounds are those of <see cref="GpuUtilizationBuckets"/>. Idle time is the time from an idle
/// sample to the next sample of the same GPU, capped at <see cref="ReportOptions.MaxSampleGap"/> (the last sample of a
/// GPU in the window counts up to the window end, capped the same way).
/// </summary>
public sealed class GpuQuery(ReportQueryContext db)
{
    // The JSON fields are extracted once per report into a temporary table covering both periods; every figure then
    // reads typed columns (parsing 4M+ documents once instead of once per figure).
    private static readonly string Extract =
        $"""
        SELECT host_name AS host, gpu_uuid AS gpu, epoch(ts) AS t,
               TRY_CAST(json_extract(doc, '$.{MetricCatalog.GpuUtilization.Name}') AS DOUBLE) AS util,
               TRY_CAST(json_extract(doc, '$.gpu.temperature.celsius') AS DOUBLE) AS temp,
               TRY_CAST(json_extract(doc, '$.gpu.throttle.mask') AS BIGINT) AS throttle,
               TRY_CAST(json_extract(doc, '$.gpu.ecc.uncorrected.total') AS BIGINT) AS ecc
        FROM metrics WHERE event_dataset = 'gpu.device' AND gpu_uuid IS NOT NULL AND
        """ + " " + InWindow;

    /// <summary>The histogram bucket of a ratio: how many of the buckets' lower bounds (after the first) it reaches.</summary>
    private static readonly string Bucket = string.Join(" + ", GpuUtilizationBuckets.LowerBounds.Skip(1).Select((_, i) => $"(util >= $b{i + 1})::BIGINT"));

    private static readonly double Percent = MetricCatalog.GpuUtilization.ToPercent(1);

    private readonly string _table = "report_gpu_samples_" + Guid.NewGuid().ToString("N");

    private string Samples => $"SELECT * FROM {_table} WHERE t >= $start AND t < $end";

    private string WithDuration =>
        "SELECT *, least(coalesce(lead(t) OVER (PARTITION BY gpu ORDER BY t), $end) - t, $max_gap) AS dur FROM (" + Samples + ")";

    public GpuSection Run(ReportPeriod period)
    {
        db.Scalar($"CREATE TEMP TABLE {_table} AS {Extract}", Window(new ReportPeriod(period.Previous.Start, period.End)));
        try
        {
            return Compute(period);
        }
        finally
        {
            db.Scalar($"DROP TABLE IF EXISTS {_table}");
        }
    }

    private GpuSection Compute(ReportPeriod period)
    {
        var cur = Summary(period);
        var prev = Summary(period.Previous);
        var xid = Xids(period);
        var xidPrev = Xids(period.Previous);
        if (cur.Samples == 0 && prev.Samples == 0 && xid.Sum(x => x.Count) == 0 && xidPrev.Sum(x => x.Count) == 0)
        {
            return new GpuSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), [], [], [],
                Figure.Of(null, null), [], Figure.Of(null, null), Figure.Of(null, null));
        }

        var p = Window(period, ("idle", IdleRatio), ("max_gap", db.Options.MaxSampleGap.TotalSeconds), ("top", (long)db.Options.TopN), ("pct", Percent));
        var histogram = new long[GpuSection.HistogramBuckets];
        var bounds = GpuUtilizationBuckets.LowerBounds.Select((b, i) => ($"b{i}", (object?)b)).Skip(1).ToArray();
        foreach (var (bucket, count) in db.Rows(
            $"SELECT {Bucket} AS b, count(*) FROM ({Samples}) WHERE util IS NOT NULL GROUP BY b", r => (L(r, 0), L(r, 1)), Window(period, bounds)))
        {
            histogram[Math.Clamp(bucket, 0, 9)] += count;
        }

        var perGpu = db.Rows(
            $"""
            SELECT any_value(host), gpu, avg(util) * $pct, quantile_cont(util, 0.5) * $pct, quantile_cont(util, 0.95) * $pct,
                   sum(CASE WHEN util < $idle THEN dur ELSE 0 END) / 3600.0, count(util)
            FROM ({WithDuration}) WHERE util IS NOT NULL GROUP BY gpu ORDER BY any_value(host), gpu
            """,
            r => new GpuSection.GpuUtilization(S(r, 0), S(r, 1), D(r, 2), D(r, 3), D(r, 4), D(r, 5), L(r, 6)), p);
        var hottest = db.Rows(
            $"SELECT any_value(host), gpu, max(temp) AS m FROM ({Samples}) WHERE temp IS NOT NULL GROUP BY gpu ORDER BY m DESC, gpu LIMIT $top",
            r => new GpuSection.GpuTemperature(S(r, 0), S(r, 1), D(r, 2)), p);
        return new GpuSection(true,
            Figure.Of(cur.Gpus, prev.Gpus),
            Figure.Of(cur.MeanUtil, prev.MeanUtil),
            Figure.Of(cur.IdleHours, prev.IdleHours),
            histogram,
            perGpu,
            hottest,
            Figure.Of(xid.Sum(x => x.Count), xidPrev.Sum(x => x.Count)),
            xid,
            Figure.Of(cur.EccGpus, prev.EccGpus),
            Figure.Of(cur.Throttled, prev.Throttled));
    }

    private (long Samples, long Gpus, double? MeanUtil, double IdleHours, long EccGpus, long Throttled) Summary(ReportPeriod period)
    {
        var p = Window(period, ("idle", IdleRatio), ("max_gap", db.Options.MaxSampleGap.TotalSeconds), ("pct", Percent));
        var s = db.Rows(
            $"""
            SELECT count(*), count(DISTINCT gpu), avg(util) * $pct, coalesce(sum(CASE WHEN util < $idle THEN dur ELSE 0 END), 0) / 3600.0,
                   count(*) FILTER (WHERE throttle IS NOT NULL AND (throttle & ~1::BIGINT) <> 0)
            FROM ({WithDuration})
            """,
            r => (L(r, 0), L(r, 1), r.IsDBNull(2) ? (double?)null : D(r, 2), D(r, 3), L(r, 4)), p)[0];
        // A GPU whose uncorrected ECC counter rose within the window.
        var ecc = db.Scalar($"SELECT count(*) FROM (SELECT gpu FROM ({Samples}) WHERE ecc IS NOT NULL GROUP BY gpu HAVING max(ecc) > min(ecc))", p) is long n ? n : 0;
        return (s.Item1, s.Item2, s.Item3, s.Item4, ecc, s.Item5);
    }

    private double IdleRatio => MetricCatalog.GpuUtilization.FromPercent(db.Options.IdleUtilizationPct);

    private List<GpuSection.XidCount> Xids(ReportPeriod period) =>
        db.Rows(
            $"""
            SELECT TRY_CAST(json_extract(doc, '$.gpu.xid.code') AS BIGINT) AS code, count(*) FROM metrics
            WHERE event_dataset = 'gpu.xid' AND {InWindow} GROUP BY code ORDER BY count(*) DESC, code
            """,
            r => new GpuSection.XidCount(L(r, 0), L(r, 1)), Window(period));
}
