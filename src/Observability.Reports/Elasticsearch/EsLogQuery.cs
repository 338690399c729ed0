using System.Text.Json.Nodes;
using Observability.Reports.Model;
using Observability.Storage.Elasticsearch.Bulk;
using static Observability.Reports.Elasticsearch.EsReportRequests;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// The logs section from Elasticsearch, with the meaning of <see cref="DuckDb.LogQuery"/>: line and error counts
/// (<c>filter</c> aggregations; error levels matched case-insensitively), the error-rate trend (a <c>date_histogram</c>
/// from the period start with an error <c>filter</c> per bucket), and error patterns. <c>message</c> is
/// <c>match_only_text</c> and cannot be aggregated, so the error documents themselves are read (only
/// <c>log.pattern.id</c> and <c>message</c>, paged with <c>search_after</c>, at most <see cref="MaxErrorDocuments"/> per
/// period) and grouped here.
/// </summary>
public sealed class EsLogQuery(EsReportClient es, ReportOptions options, int pageSize = EsLogQuery.PageSize)
{
    public static readonly string Targets = ObsDataStreams.Pattern("logs");

    /// <summary>Most error documents read per period for the patterns; more fails clearly rather than being cut silently.</summary>
    public const int MaxErrorDocuments = 1_000_000;

    public const int PageSize = 5000;

    private static readonly string[] ErrorLevels = ["error", "err", "critical", "crit", "fatal", "emergency", "emerg", "alert"];

    public async Task<LogSection> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        var counts = await es.AggregateAsync(Targets, CountsBody(period), ct).ConfigureAwait(false);
        long Count(string p, string? sub = null) => (sub is null ? counts[p]?["doc_count"] : counts[p]?[sub]?["doc_count"])?.GetValue<long>() ?? 0;
        var (lines, errors, prevLines, prevErrors) = (Count("current"), Count("current", "errors"), Count("previous"), Count("previous", "errors"));
        if (lines == 0 && prevLines == 0)
        {
            return new LogSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), [], [], [], "none");
        }

        var bucketSeconds = (long)Math.Max(60, Math.Ceiling(period.Length.TotalSeconds / options.TrendPoints));
        var trendAggs = await es.AggregateAsync(Targets, TrendBody(period, bucketSeconds), ct).ConfigureAwait(false);
        var trend = (trendAggs["trend"]?["buckets"] as JsonArray ?? []).Select(b => new TimePoint(
            DateTimeOffset.FromUnixTimeMilliseconds(b!["key"]!.GetValue<long>()),
            b["errors"]!["doc_count"]!.GetValue<long>() * 100.0 / b["doc_count"]!.GetValue<long>())).ToList();

        var current = await PatternsAsync(period, ct).ConfigureAwait(false);
        var previous = (await PatternsAsync(period.Previous, ct).ConfigureAwait(false)).ToDictionary(p => p.Pattern, p => p.Count, StringComparer.Ordinal);
        var withPrevious = current.Select(p => p with { PreviousCount = previous.GetValueOrDefault(p.Pattern) }).ToList();
        var source = Count("current", "with_pattern") > 0 ? "log.pattern.id" : "message";
        return new LogSection(true, Figure.Of(lines, prevLines), Figure.Of(errors, prevErrors), Figure.Of(Rate(errors, lines), Rate(prevErrors, prevLines)),
            trend, [.. withPrevious.Take(options.TopN)], [.. withPrevious.Where(p => p.PreviousCount == 0).Take(options.TopN)], source);
    }

    private static double? Rate(long errors, long lines) => lines == 0 ? null : errors * 100.0 / lines;

    /// <summary>Error patterns of a period: <c>log.pattern.id</c>, else the message; the smallest message as example; most frequent first.</summary>
    private async Task<List<LogSection.ErrorPattern>> PatternsAsync(ReportPeriod period, CancellationToken ct)
    {
        var groups = new Dictionary<string, (string? Example, long Count)>(StringComparer.Ordinal);
        var what = $"error lines in {period.Start:O} – {period.End:O}";
        await foreach (var hit in es.AllHitsAsync(Targets, after => ErrorPageBody(period, after, pageSize), pageSize, MaxErrorDocuments, what, ct).ConfigureAwait(false))
        {
            var message = hit["_source"]?["message"]?.GetValue<string>();
            var pattern = hit["_source"]?["log"]?["pattern"]?["id"]?.GetValue<string>() ?? message ?? string.Empty;
            var (example, count) = groups.GetValueOrDefault(pattern);
            groups[pattern] = (message is not null && (example is null || string.CompareOrdinal(message, example) < 0) ? message : example, count + 1);
        }

        return [.. groups.Select(g => new LogSection.ErrorPattern(g.Key, g.Value.Example ?? string.Empty, g.Value.Count, 0))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Pattern, StringComparer.Ordinal)];
    }

    private static JsonObject IsError() => new()
    {
        ["bool"] = new JsonObject
        {
            ["should"] = new JsonArray([.. ErrorLevels.Select(l => (JsonNode)new JsonObject
            {
                ["term"] = new JsonObject { ["log.level"] = new JsonObject { ["value"] = l, ["case_insensitive"] = true } },
            })]),
            ["minimum_should_match"] = 1,
        },
    };

    public static JsonObject CountsBody(ReportPeriod period)
    {
        JsonObject Period(ReportPeriod p) => new()
        {
            ["filter"] = InPeriod(p),
            ["aggregations"] = new JsonObject
            {
                ["errors"] = new JsonObject { ["filter"] = IsError() },
                ["with_pattern"] = new JsonObject { ["filter"] = Exists("log.pattern.id") },
            },
        };

        return Search(Filter(InPeriod(new ReportPeriod(period.Previous.Start, period.End))),
            new JsonObject { ["current"] = Period(period), ["previous"] = Period(period.Previous) });
    }

    public static JsonObject TrendBody(ReportPeriod period, long bucketSeconds)
    {
        var body = EsPipelineQuery.TrendBody(period, bucketSeconds);
        body["aggregations"]!["trend"]!["aggregations"] = new JsonObject { ["errors"] = new JsonObject { ["filter"] = IsError() } };
        return body;
    }

    public static JsonObject ErrorPageBody(ReportPeriod period, JsonArray? searchAfter, int size = PageSize)
    {
        var body = new JsonObject
        {
            ["size"] = size,
            ["track_total_hits"] = false,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray("message", "log.pattern.id") },
            ["query"] = Filter(InPeriod(period), IsError()),
            // The fake and real Elasticsearch page the same way: newest first, ties broken by the unique event.id.
            ["sort"] = new JsonArray(new JsonObject { ["@timestamp"] = "desc" }, new JsonObject { ["event.id"] = "desc" }),
        };
        if (searchAfter is not null)
        {
            body["search_after"] = searchAfter;
        }

        return body;
    }
}
