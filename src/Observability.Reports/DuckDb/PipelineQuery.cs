using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>
/// Documents stored per table and dataset, ingest trend, events the agents dropped (the rise of each host's
/// <c>agent.monitoring.events.dropped</c> counter) and dead-lettered records (<c>deadletter</c> table).
/// </summary>
public sealed class PipelineQuery(ReportQueryContext db)
{
    private const string AllDocs =
        "SELECT 'logs' AS tbl, dataset, ts FROM logs WHERE " + InWindow +
        " UNION ALL SELECT 'metrics', dataset, ts FROM metrics WHERE " + InWindow +
        " UNION ALL SELECT 'traces', dataset, ts FROM traces WHERE " + InWindow;

    public PipelineSection Run(ReportPeriod period)
    {
        var volumes = Volumes(period);
        var previous = Volumes(period.Previous).ToDictionary(v => (v.Table, v.Dataset), v => v.Documents);
        var dead = DeadLetters(period);
        var deadPrev = DeadLetters(period.Previous);
        if (volumes.Count == 0 && previous.Count == 0 && dead.Sum(d => d.Count) == 0 && deadPrev.Sum(d => d.Count) == 0)
        {
            return new PipelineSection(false, Figure.Of(null, null), [], [], Figure.Of(null, null), Figure.Of(null, null), []);
        }

        var bucket = db.BucketSeconds(period);
        var trend = db.Rows(
            $"SELECT floor((epoch(ts) - $start) / $bucket) AS b, count(*) FROM ({AllDocs}) GROUP BY b ORDER BY b",
            r => new TimePoint(FromEpoch(period.Start.ToUnixTimeSeconds() + (D(r, 0) * bucket)), D(r, 1)), Window(period, ("bucket", bucket)));
        var byDataset = volumes.Select(v => v with { PreviousDocuments = previous.GetValueOrDefault((v.Table, v.Dataset)) }).ToList();
        return new PipelineSection(true, Figure.Of(volumes.Sum(v => v.Documents), previous.Values.Sum()), byDataset, trend,
            Figure.Of(Dropped(period), Dropped(period.Previous)), Figure.Of(dead.Sum(d => d.Count), deadPrev.Sum(d => d.Count)), dead);
    }

    private List<PipelineSection.DatasetVolume> Volumes(ReportPeriod p) =>
        db.Rows(
            $"SELECT tbl, coalesce(dataset, ''), count(*) AS n FROM ({AllDocs}) GROUP BY tbl, dataset ORDER BY n DESC, tbl, dataset",
            r => new PipelineSection.DatasetVolume(S(r, 0), S(r, 1), L(r, 2), 0), Window(p));

    private double? Dropped(ReportPeriod p) =>
        db.ScalarDouble(
            $"""
            SELECT sum(rise) FROM (
              SELECT max(v) - min(v) AS rise FROM (
                SELECT host_name, TRY_CAST(json_extract(doc, '$.agent.monitoring.events.dropped') AS BIGINT) AS v
                FROM metrics WHERE event_dataset = 'agent.monitoring' AND {InWindow})
              WHERE v IS NOT NULL GROUP BY host_name)
            """,
            Window(p));

    /// <summary>Dead letters by reason in the period; they stay in the embedded store in both modes (obs up --es too).</summary>
    public List<PipelineSection.ReasonCount> DeadLetters(ReportPeriod p) =>
        !db.TableExists("deadletter")
            ? []
            : db.Rows(
                $"SELECT reason, count(*) AS n FROM deadletter WHERE {InWindow} GROUP BY reason ORDER BY n DESC, reason",
                r => new PipelineSection.ReasonCount(S(r, 0), L(r, 1)), Window(p));
}
