using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>
/// Log lines and errors (<c>log.level</c> error, critical, fatal, emergency, alert), the error rate per trend bucket,
/// and error patterns: <c>log.pattern.id</c> when the pipelines set it, else the message itself.
/// </summary>
public sealed class LogQuery(ReportQueryContext db)
{
    private const string IsError = "lower(log_level) IN ('error', 'err', 'critical', 'crit', 'fatal', 'emergency', 'emerg', 'alert')";

    private const string Errors =
        "SELECT coalesce(json_extract_string(doc, '$.log.pattern.id'), message, '') AS pattern, message, ts FROM logs WHERE " + IsError + " AND ";

    public LogSection Run(ReportPeriod period)
    {
        var (lines, errors) = Counts(period);
        var (prevLines, prevErrors) = Counts(period.Previous);
        if (lines == 0 && prevLines == 0)
        {
            return new LogSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), [], [], [], "none");
        }

        var bucket = db.BucketSeconds(period);
        var trend = db.Rows(
            $"""
            SELECT floor((epoch(ts) - $start) / $bucket) AS b, count(*) FILTER (WHERE {IsError}) * 100.0 / count(*)
            FROM logs WHERE {InWindow} GROUP BY b ORDER BY b
            """,
            r => new TimePoint(FromEpoch(period.Start.ToUnixTimeSeconds() + (D(r, 0) * bucket)), D(r, 1)), Window(period, ("bucket", bucket)));

        var current = Patterns(period);
        var previous = Patterns(period.Previous).ToDictionary(p => p.Pattern, p => p.Count, StringComparer.Ordinal);
        var withPrevious = current.Select(p => p with { PreviousCount = previous.GetValueOrDefault(p.Pattern) }).ToList();
        var top = withPrevious.Take(db.Options.TopN).ToList();
        var fresh = withPrevious.Where(p => p.PreviousCount == 0).Take(db.Options.TopN).ToList();
        var source = db.Scalar($"SELECT count(*) FROM logs WHERE {InWindow} AND json_extract_string(doc, '$.log.pattern.id') IS NOT NULL", Window(period)) is long n && n > 0
            ? "log.pattern.id"
            : "message";
        return new LogSection(true, Figure.Of(lines, prevLines), Figure.Of(errors, prevErrors),
            Figure.Of(Rate(errors, lines), Rate(prevErrors, prevLines)), trend, top, fresh, source);
    }

    private static double? Rate(long errors, long lines) => lines == 0 ? null : errors * 100.0 / lines;

    private (long Lines, long Errors) Counts(ReportPeriod p) =>
        db.Rows($"SELECT count(*), count(*) FILTER (WHERE {IsError}) FROM logs WHERE {InWindow}", r => (L(r, 0), L(r, 1)), Window(p))[0];

    private List<LogSection.ErrorPattern> Patterns(ReportPeriod p) =>
        db.Rows(
            $"SELECT pattern, min(message), count(*) AS n FROM ({Errors} {InWindow}) GROUP BY pattern ORDER BY n DESC, pattern",
            r => new LogSection.ErrorPattern(S(r, 0), S(r, 1), L(r, 2), 0), Window(p));
}
