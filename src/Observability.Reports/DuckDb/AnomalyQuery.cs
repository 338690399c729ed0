using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>Anomalies: <c>obs_alerts</c> activations labelled with the <c>detector</c> and <c>kind</c> that raised them.</summary>
public sealed class AnomalyQuery(ReportQueryContext db)
{
    private const string Anomalies =
        $"""
        SELECT json_extract_string(labels, '$.detector') AS detector, coalesce(json_extract_string(labels, '$.kind'), '') AS kind
        FROM {AlertQuery.AlertsTable}
        WHERE json_extract_string(labels, '$.detector') IS NOT NULL AND starts_at >= make_timestamp($start_us) AND starts_at < make_timestamp($end_us)
        """;

    public AnomalySection Run(ReportPeriod period)
    {
        if (!db.TableExists(AlertQuery.AlertsTable))
        {
            return new AnomalySection(false, Figure.Of(null, null), []);
        }

        var byDetector = db.Rows(
            $"SELECT detector, kind, count(*) AS n FROM ({Anomalies}) GROUP BY detector, kind ORDER BY n DESC, detector, kind",
            r => new AnomalySection.DetectorCount(S(r, 0), S(r, 1), L(r, 2)), Window(period));
        var previous = db.ScalarDouble($"SELECT count(*) FROM ({Anomalies})", Window(period.Previous));
        return new AnomalySection(true, Figure.Of(byDetector.Sum(d => d.Count), previous), byDetector);
    }
}
