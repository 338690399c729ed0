using Observability.Reports.Model;
using static Observability.Reports.DuckDb.ReportQueryContext;

namespace Observability.Reports.DuckDb;

/// <summary>
/// Hosts reporting (logs and metrics), hosts gone silent, agent lag: <c>event.ingested</c> (set by the indexer when it
/// stores a document, promoted to the <c>ingested</c> column) − <c>@timestamp</c>, in seconds, p50 and p95 over the
/// logs and metrics of the period; documents without <c>event.ingested</c> (stored by an older version) are left out.
/// </summary>
public sealed class FleetQuery(ReportQueryContext db)
{
    private const string HostRows =
        "SELECT host_name, ts, ingested FROM logs WHERE host_name IS NOT NULL AND " + InWindow +
        " UNION ALL SELECT host_name, ts, ingested FROM metrics WHERE host_name IS NOT NULL AND " + InWindow;

    public FleetSection Run(ReportPeriod period)
    {
        var current = Hosts(period);
        var previous = Hosts(period.Previous);
        if (current.Count == 0 && previous.Count == 0)
        {
            return new FleetSection(false, Figure.Of(null, null), [], [], Figure.Of(null, null), Figure.Of(null, null));
        }

        var lastSeen = LastSeen(new ReportPeriod(period.Previous.Start, period.End));
        var silentBefore = period.End - db.Options.SilenceThreshold;
        var silent = lastSeen.Where(h => h.Value < silentBefore)
            .OrderBy(h => h.Value).ThenBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => new FleetSection.SilentHost(h.Key, h.Value)).ToList();
        var newHosts = current.Except(previous).Order(StringComparer.Ordinal).ToList();
        var lags = Lags(period);
        var (lag50, lag95) = lags.GetValueOrDefault(true);
        var (prev50, prev95) = lags.GetValueOrDefault(false);
        return new FleetSection(true, Figure.Of(current.Count, previous.Count), silent, newHosts, Figure.Of(lag50, prev50), Figure.Of(lag95, prev95));
    }

    private HashSet<string> Hosts(ReportPeriod p) =>
        [.. db.Rows($"SELECT DISTINCT host_name FROM ({HostRows})", r => S(r, 0), Window(p))];

    private Dictionary<string, DateTimeOffset> LastSeen(ReportPeriod p) =>
        db.Rows($"SELECT host_name, epoch(max(ts)) FROM ({HostRows}) GROUP BY host_name", r => (S(r, 0), FromEpoch(D(r, 1))), Window(p))
            .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    /// <summary>Lag quantiles keyed by "in the current period" (false = previous), one pass over both periods.</summary>
    private Dictionary<bool, (double?, double?)> Lags(ReportPeriod period) =>
        db.Rows(
            $"""
            SELECT is_current, quantile_cont(lag, 0.5), quantile_cont(lag, 0.95) FROM (
              SELECT epoch(ts) >= $split AS is_current, epoch(ingested) - epoch(ts) AS lag
              FROM ({HostRows}) WHERE ingested IS NOT NULL)
            GROUP BY is_current
            """,
            r => (r.GetBoolean(0), (r.IsDBNull(1) ? (double?)null : D(r, 1), r.IsDBNull(2) ? (double?)null : D(r, 2))),
            Window(new ReportPeriod(period.Previous.Start, period.End), ("split", period.Start.ToUnixTimeMilliseconds() / 1000.0)))
            .ToDictionary(x => x.Item1, x => x.Item2);
}
