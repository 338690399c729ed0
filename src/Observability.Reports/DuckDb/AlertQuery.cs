using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>
/// Alerts from the detection store's <c>obs_alerts</c> (one row per activation; <c>starts_at</c>/<c>ends_at</c> naive UTC) and
/// <c>obs_silences</c>. Alerts that carry a <c>detector</c> label are anomalies and reported in their own section.
/// </summary>
public sealed class AlertQuery(ReportQueryContext db)
{
    public const string AlertsTable = "obs_alerts";
    public const string SilencesTable = "obs_silences";

    private const string Rules = "json_extract_string(labels, '$.detector') IS NULL";

    public AlertSection Run(ReportPeriod period)
    {
        if (!db.TableExists(AlertsTable))
        {
            return new AlertSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), [], Figure.Of(null, null));
        }

        var cur = Counts(period);
        var prev = Counts(period.Previous);
        var noisiest = db.Rows(
            $"""
            SELECT alertname, count(*) AS n FROM {AlertsTable}
            WHERE {Rules} AND starts_at >= make_timestamp($start_us) AND starts_at < make_timestamp($end_us)
            GROUP BY alertname ORDER BY n DESC, alertname LIMIT $top
            """,
            r => new AlertSection.RuleCount(S(r, 0), L(r, 1)), Window(period, ("top", (long)db.Options.TopN)));
        double? silences = null, prevSilences = null;
        if (db.TableExists(SilencesTable))
        {
            const string sql = $"SELECT count(*) FROM {SilencesTable} WHERE starts_at >= make_timestamp($start_us) AND starts_at < make_timestamp($end_us)";
            silences = db.ScalarDouble(sql, Window(period));
            prevSilences = db.ScalarDouble(sql, Window(period.Previous));
        }

        return new AlertSection(true, Figure.Of(cur.Fired, prev.Fired), Figure.Of(cur.Resolved, prev.Resolved),
            Figure.Of(cur.Ttr, prev.Ttr), noisiest, Figure.Of(silences, prevSilences));
    }

    private (double Fired, double Resolved, double? Ttr) Counts(ReportPeriod p) =>
        db.Rows(
            $"""
            SELECT count(*) FILTER (WHERE starts_at >= make_timestamp($start_us) AND starts_at < make_timestamp($end_us)),
                   count(*) FILTER (WHERE ends_at >= make_timestamp($start_us) AND ends_at < make_timestamp($end_us)),
                   quantile_cont((epoch(ends_at) - epoch(starts_at)) / 60.0, 0.5)
                     FILTER (WHERE ends_at >= make_timestamp($start_us) AND ends_at < make_timestamp($end_us))
            FROM {AlertsTable} WHERE {Rules}
            """,
            r => ((double)L(r, 0), (double)L(r, 1), r.IsDBNull(2) ? (double?)null : D(r, 2)), Window(p))[0];
}
