using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// <c>GET /api/console/dashboards</c> lists the <see cref="Dashboards"/>; <c>GET /api/console/dashboards/{name}?from=&amp;to=</c>
/// computes each panel with the store's histogram and top values, or (mean/max per interval) from the newest
/// <see cref="MaxSamples"/> matching samples of its field.
/// </summary>
internal static class DashboardApi
{
    public const string DashboardsPath = "/api/console/dashboards";

    private const int MaxSamples = 10_000;
    private const int Buckets = 60;
    private const int MaxSeries = 8;
    private const int MaxDistinct = 1000;

    public static void Map(WebApplication app, IAggregatingSearchStore search, TimeProvider time)
    {
        app.MapGet(DashboardsPath, () => Results.Json(Dashboards.All.Select(d => new { name = d.Key, title = d.Value.Title }).ToList()));
        app.MapGet(DashboardsPath + "/{name}", (HttpContext http, string name, string? from, string? to) => ConsoleResults.Run(async () =>
        {
            if (!Dashboards.All.TryGetValue(name, out var dashboard))
            {
                return ConsoleResults.Error(StatusCodes.Status404NotFound, $"no dashboard {name}");
            }

            var end = ConsoleResults.Time(to, "to") ?? time.GetUtcNow();
            var start = ConsoleResults.Time(from, "from") ?? end.AddHours(-1);
            if (start >= end)
            {
                throw new ArgumentException("from must be before to");
            }

            var interval = TimeSpan.FromMilliseconds(Math.Max(1000, Math.Ceiling((end - start).TotalMilliseconds / Buckets / 1000) * 1000));
            var panels = new JsonArray();
            foreach (var panel in dashboard.Panels)
            {
                var request = new SearchRequest(panel.Query, start, end, DataStreamType: panel.DataStreamType);
                panels.Add(await Compute(search, panel, request, interval, http.RequestAborted));
            }

            return Results.Text(new JsonObject
            {
                ["name"] = name,
                ["title"] = dashboard.Title,
                ["from"] = start.ToString("O", CultureInfo.InvariantCulture),
                ["to"] = end.ToString("O", CultureInfo.InvariantCulture),
                ["interval_ms"] = (long)interval.TotalMilliseconds,
                ["panels"] = panels,
            }.ToJsonString(), "application/json");
        }));
    }

    private static async Task<JsonObject> Compute(IAggregatingSearchStore search, DashboardPanel panel, SearchRequest request, TimeSpan interval, CancellationToken ct)
    {
        var answer = new JsonObject { ["title"] = panel.Title, ["kind"] = panel.Kind.ToString().ToLowerInvariant(), ["query"] = panel.Query, ["type"] = panel.DataStreamType };
        switch (panel.Kind)
        {
            case PanelKind.Distinct:
                // Distinct values: the top list's length (TotalValues counts every value, not every distinct one).
                var distinct = (await search.TopValuesAsync(request, panel.Field!, MaxDistinct, ct)).Buckets.Count;
                answer["value"] = distinct < MaxDistinct ? distinct.ToString(CultureInfo.InvariantCulture) : $"{MaxDistinct}+";
                break;
            case PanelKind.Count when panel.SplitBy is null:
                answer["series"] = new JsonArray(Series("hits", await search.HistogramAsync(request, interval, ct)));
                break;
            case PanelKind.Count:
                var series = new JsonArray();
                foreach (var value in (await search.TopValuesAsync(request, panel.SplitBy, MaxSeries, ct)).Buckets)
                {
                    var one = request with { Query = Join(request.Query, $"{panel.SplitBy}:{KqlLiteral.Quote(value.Value)}") };
                    series.Add(Series(value.Value, await search.HistogramAsync(one, interval, ct)));
                }

                answer["series"] = series;
                break;
            default:
                answer["series"] = await Samples(search, panel, request, interval, ct);
                break;
        }

        return answer;
    }

    /// <summary>The field's mean (or max) per interval and split value, from the newest matching samples that have the field.</summary>
    private static async Task<JsonArray> Samples(IAggregatingSearchStore search, DashboardPanel panel, SearchRequest request, TimeSpan interval, CancellationToken ct)
    {
        // Without a filter of its own, the panel reads the samples that have its field (the newest of every kind would crowd them out).
        var query = string.IsNullOrWhiteSpace(panel.Query) ? $"{panel.Field}:*" : panel.Query;
        var hits = (await search.SearchAsync(request with { Query = query, Limit = MaxSamples, Sort = "-@timestamp" }, ct)).Hits;
        var width = interval.Ticks;
        var series = new JsonArray();
        foreach (var group in hits.Where(h => h.Timestamp is not null && h.GetDouble(panel.Field!) is not null)
                     .GroupBy(h => panel.SplitBy is null ? "all" : h.GetString(panel.SplitBy) ?? "-")
                     .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxSeries).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var points = new JsonArray();
            foreach (var bucket in group.GroupBy(h => h.Timestamp!.Value.UtcTicks / width * width).OrderBy(b => b.Key))
            {
                var values = bucket.Select(h => h.GetDouble(panel.Field!)!.Value).ToList();
                points.Add(new JsonArray(new DateTimeOffset(bucket.Key, TimeSpan.Zero).ToUnixTimeMilliseconds(), panel.Max ? values.Max() : values.Average()));
            }

            series.Add(new JsonObject { ["name"] = group.Key, ["points"] = points });
        }

        return series;
    }

    private static JsonObject Series(string name, IReadOnlyList<HistogramBucket> buckets)
    {
        var points = new JsonArray();
        foreach (var b in buckets)
        {
            points.Add(new JsonArray(b.Start.ToUnixTimeMilliseconds(), b.Count));
        }

        return new JsonObject { ["name"] = name, ["points"] = points };
    }

    private static string Join(string query, string filter) => string.IsNullOrWhiteSpace(query) ? filter : $"({query}) and {filter}";
}
