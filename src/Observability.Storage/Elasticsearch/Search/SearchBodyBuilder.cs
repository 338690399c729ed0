using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Storage.Abstractions;

namespace Observability.Storage.Elasticsearch.Search;

/// <summary>
/// Builds <c>_search</c> and <c>_count</c> bodies: the KQL query (translated to Query DSL) and the time range as
/// filters, a sort with <c>event.id</c> as tie-breaker so <c>search_after</c> pages are stable, and the cursor
/// of the previous page.
/// </summary>
public static class SearchBodyBuilder
{
    public const int MaxLimit = 10_000;

    /// <summary>
    /// Hits counted exactly at most (Elasticsearch's own default): past it the total is a lower bound
    /// (<c>"relation": "gte"</c>) and the search stops counting, which on a large index is most of its cost. An exact
    /// count is asked with <see cref="SearchRequest.CountOnly"/> (<c>_count</c>).
    /// </summary>
    public const int DefaultTrackTotalHits = 10_000;

    public static JsonObject Query(SearchRequest request, Func<string, JsonObject> translateKql)
    {
        var filters = new JsonArray();
        if (!string.IsNullOrWhiteSpace(request.Query))
        {
            filters.Add(translateKql(request.Query));
        }

        if (request.From is not null || request.To is not null)
        {
            var range = new JsonObject { ["format"] = "strict_date_optional_time" };
            if (request.From is { } from)
            {
                range["gte"] = Iso(from);
            }

            if (request.To is { } to)
            {
                range["lt"] = Iso(to);
            }

            filters.Add(new JsonObject { ["range"] = new JsonObject { ["@timestamp"] = range } });
        }

        return filters.Count == 0
            ? new JsonObject { ["match_all"] = new JsonObject() }
            : new JsonObject { ["bool"] = new JsonObject { ["filter"] = filters } };
    }

    public static JsonObject Search(SearchRequest request, Func<string, JsonObject> translateKql, int trackTotalHitsUpTo = DefaultTrackTotalHits)
    {
        if (request.Limit is < 0 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Limit must be between 0 and {MaxLimit}");
        }

        var sortField = string.IsNullOrEmpty(request.Sort) ? "-@timestamp" : request.Sort;
        var descending = sortField.StartsWith('-');
        var field = sortField.TrimStart('-', '+');
        var order = descending ? "desc" : "asc";
        var sort = new JsonArray
        {
            new JsonObject { [field] = new JsonObject { ["order"] = order, ["unmapped_type"] = field == "@timestamp" ? "date" : "keyword" } },
        };
        if (field != "event.id")
        {
            sort.Add(new JsonObject { ["event.id"] = new JsonObject { ["order"] = order, ["unmapped_type"] = "keyword" } });
        }

        var body = new JsonObject
        {
            ["query"] = Query(request, translateKql),
            ["size"] = request.Limit,
            ["sort"] = sort,
            ["track_total_hits"] = trackTotalHitsUpTo,
        };
        if (request.Fields is { Count: > 0 } fields)
        {
            body["_source"] = new JsonObject { ["includes"] = new JsonArray([.. fields.Append("@timestamp").Append("event.id").Distinct().Select(f => JsonValue.Create(f))]) };
        }

        if (request.SearchAfter is { Length: > 0 } cursor)
        {
            body["search_after"] = DecodeCursor(cursor);
        }

        return body;
    }

    public static JsonObject Count(SearchRequest request, Func<string, JsonObject> translateKql) =>
        new() { ["query"] = Query(request, translateKql) };

    /// <summary>The cursor is the last hit's sort values, base64url so it travels in a URL or a shell.</summary>
    public static string EncodeCursor(JsonArray sortValues) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sortValues.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static JsonArray DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            return JsonNode.Parse(Convert.FromBase64String(b64)) as JsonArray ?? throw new FormatException("cursor is not a JSON array");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw new ArgumentException($"invalid search_after cursor: {e.Message}", nameof(cursor), e);
        }
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
