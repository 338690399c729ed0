using System.Text.Json.Nodes;
using Observability.Reports.Model;
using Observability.Storage.Elasticsearch.Bulk;
using static Observability.Reports.Elasticsearch.EsReportRequests;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// The fleet section from Elasticsearch, with the meaning of <see cref="DuckDb.FleetQuery"/>: hosts of the logs and metrics
/// data streams (a <c>terms</c> on <c>host.name</c> with each host's <c>max</c> <c>@timestamp</c> and a <c>filter</c> for
/// the current period, over both periods), and agent lag as <c>percentiles</c> of a runtime field
/// (<c>event.ingested</c> − <c>@timestamp</c>, seconds). Elasticsearch's percentiles are t-digest estimates, close to but
/// not always equal to DuckDB's exact <c>quantile_cont</c>; dates are kept to the millisecond.
/// </summary>
public sealed class EsFleetQuery(EsReportClient es, ReportOptions options)
{
    public static readonly string Targets = ObsDataStreams.Targets("logs", "metrics");

    /// <summary>Most hosts one report lists; a fleet beyond it fails clearly rather than being cut silently.</summary>
    public const int MaxHosts = 10_000;

    public const string LagField = "obs_agent_lag_seconds";

    /// <summary>
    /// The lag runtime field's Painless script (both fields are <c>date</c>s in our templates); a document without
    /// <c>event.ingested</c> emits nothing (the query excludes them too, but a script must not fail on one).
    /// </summary>
    public const string LagScript =
        "if (doc['event.ingested'].size() > 0 && doc['@timestamp'].size() > 0) { " +
        "emit((doc['event.ingested'].value.toInstant().toEpochMilli() - doc['@timestamp'].value.toInstant().toEpochMilli()) / 1000.0); }";

    public async Task<FleetSection> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        var both = new ReportPeriod(period.Previous.Start, period.End);
        var hosts = (await es.AggregateAsync(Targets, HostsBody(period), ct).ConfigureAwait(false))["hosts"];
        if (hosts?["sum_other_doc_count"]?.GetValue<long>() > 0)
        {
            throw new InvalidOperationException($"more than {MaxHosts} hosts reported in {both.Start:O} – {both.End:O}; the fleet section lists at most {MaxHosts}");
        }

        var rows = (hosts?["buckets"] as JsonArray ?? []).Select(b => (
            Host: b!["key"]!.ToString(),
            LastSeen: DateTimeOffset.FromUnixTimeMilliseconds((long)Value(b["last_seen"])!.Value),
            Current: b["current"]!["doc_count"]!.GetValue<long>(),
            Previous: b["doc_count"]!.GetValue<long>() - b["current"]!["doc_count"]!.GetValue<long>())).ToList();
        var current = rows.Where(r => r.Current > 0).Select(r => r.Host).ToHashSet(StringComparer.Ordinal);
        var previous = rows.Where(r => r.Previous > 0).Select(r => r.Host).ToHashSet(StringComparer.Ordinal);
        if (current.Count == 0 && previous.Count == 0)
        {
            return new FleetSection(false, Figure.Of(null, null), [], [], Figure.Of(null, null), Figure.Of(null, null));
        }

        var silentBefore = period.End - options.SilenceThreshold;
        var silent = rows.Where(r => r.LastSeen < silentBefore)
            .OrderBy(r => r.LastSeen).ThenBy(r => r.Host, StringComparer.Ordinal)
            .Select(r => new FleetSection.SilentHost(r.Host, r.LastSeen)).ToList();
        var newHosts = current.Except(previous).Order(StringComparer.Ordinal).ToList();
        var lag = await es.AggregateAsync(Targets, LagBody(period), ct).ConfigureAwait(false);
        return new FleetSection(true, Figure.Of(current.Count, previous.Count), silent, newHosts,
            Figure.Of(Percentile(lag["current"]?["lag"], 50), Percentile(lag["previous"]?["lag"], 50)),
            Figure.Of(Percentile(lag["current"]?["lag"], 95), Percentile(lag["previous"]?["lag"], 95)));
    }

    public static JsonObject HostsBody(ReportPeriod period) => Search(
        Filter(InPeriod(new ReportPeriod(period.Previous.Start, period.End)), Exists("host.name")),
        new JsonObject
        {
            ["hosts"] = new JsonObject
            {
                ["terms"] = new JsonObject { ["field"] = "host.name", ["size"] = MaxHosts },
                ["aggregations"] = new JsonObject
                {
                    ["last_seen"] = new JsonObject { ["max"] = new JsonObject { ["field"] = "@timestamp" } },
                    ["current"] = new JsonObject { ["filter"] = InPeriod(period) },
                },
            },
        });

    public static JsonObject LagBody(ReportPeriod period)
    {
        JsonObject Lag(ReportPeriod p) => new()
        {
            ["filter"] = InPeriod(p),
            ["aggregations"] = new JsonObject
            {
                ["lag"] = new JsonObject { ["percentiles"] = new JsonObject { ["field"] = LagField, ["percents"] = new JsonArray(50.0, 95.0), ["keyed"] = false } },
            },
        };

        return Search(
            Filter(InPeriod(new ReportPeriod(period.Previous.Start, period.End)), Exists("host.name"), Exists("event.ingested")),
            new JsonObject { ["current"] = Lag(period), ["previous"] = Lag(period.Previous) },
            new JsonObject { [LagField] = new JsonObject { ["type"] = "double", ["script"] = new JsonObject { ["source"] = LagScript } } });
    }
}
