using System.Globalization;
using System.Text.Json;
using Observability.Core.Json;
using Observability.Storage.Abstractions;

namespace Observability.Api.Query;

/// <summary>
/// The wire format of the loopback query API, shared by the server in <c>obs up</c> and <see cref="QueryApiClient"/>.
/// Requests are <see cref="SearchRequest"/> with snake_case names; results are
/// <c>{"total":N,"total_is_lower_bound":false,"next_page":"…","hits":[ECS documents]}</c>.
/// <c>/api/histogram</c> takes the same request plus <c>"interval_ms"</c> and returns
/// <c>{"buckets":[{"start":"ISO 8601","count":N}]}</c>; <c>/api/top</c> takes it plus <c>"field"</c> and
/// <c>"size"</c> and returns <c>{"field":"…","buckets":[{"value":"…","count":N}],"total_values":N,"other_count":N}</c>.
/// </summary>
public static class QueryApiProtocol
{
    public const string SearchPath = "/api/search";
    public const string HistogramPath = "/api/histogram";
    public const string TopPath = "/api/top";
    public const string HealthPath = "/api/health";
    public const string TokenHeader = "X-Obs-Token";

    /// <summary>The web console's session cookie: it carries the same token as <see cref="TokenHeader"/> (set by the console's login page).</summary>
    public const string ConsoleCookie = "obs_console";

    /// <summary>Largest request body the server reads.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    public static void WriteRequest(Utf8JsonWriter w, SearchRequest r)
    {
        w.WriteStartObject();
        WriteRequestProperties(w, r);
        w.WriteEndObject();
    }

    /// <summary>A histogram request: the search request plus <c>interval_ms</c>.</summary>
    public static void WriteHistogramRequest(Utf8JsonWriter w, SearchRequest r, TimeSpan interval)
    {
        w.WriteStartObject();
        WriteRequestProperties(w, r);
        w.WriteNumber("interval_ms", (long)interval.TotalMilliseconds);
        w.WriteEndObject();
    }

    /// <summary>A top-values request: the search request plus <c>field</c> and <c>size</c>.</summary>
    public static void WriteTopRequest(Utf8JsonWriter w, SearchRequest r, string field, int size)
    {
        w.WriteStartObject();
        WriteRequestProperties(w, r);
        w.WriteString("field", field);
        w.WriteNumber("size", size);
        w.WriteEndObject();
    }

    /// <summary>Reads <c>interval_ms</c> (a positive integer) of a histogram request.</summary>
    public static TimeSpan ReadInterval(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("interval_ms", out var v) && v.TryGetInt64(out var ms)
            ? ms > 0 ? TimeSpan.FromMilliseconds(ms) : throw new JsonException("interval_ms must be positive")
            : throw new JsonException("interval_ms (an integer) is required");

    /// <summary>Reads <c>field</c> (required) and <c>size</c> (default 10) of a top-values request.</summary>
    public static (string Field, int Size) ReadTopRequest(JsonElement e)
    {
        var field = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(f.GetString())
            ? f.GetString()!
            : throw new JsonException("field (a string) is required");
        var size = e.TryGetProperty("size", out var s) ? (s.TryGetInt32(out var n) && n > 0 ? n : throw new JsonException("size must be a positive integer")) : 10;
        return (field, size);
    }

    private static void WriteRequestProperties(Utf8JsonWriter w, SearchRequest r)
    {
        w.WriteString("query", r.Query);
        if (r.From is { } from)
        {
            w.WriteString("from", from.ToString("O", CultureInfo.InvariantCulture));
        }

        if (r.To is { } to)
        {
            w.WriteString("to", to.ToString("O", CultureInfo.InvariantCulture));
        }

        w.WriteNumber("limit", r.Limit);
        w.WriteString("data_stream_type", r.DataStreamType);
        if (r.TimeZone is not null)
        {
            w.WriteString("time_zone", r.TimeZone);
        }
        if (r.Sort is not null)
        {
            w.WriteString("sort", r.Sort);
        }

        if (r.Fields is not null)
        {
            w.WriteStartArray("fields");
            foreach (var f in r.Fields)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
        }

        if (r.SearchAfter is not null)
        {
            w.WriteString("search_after", r.SearchAfter);
        }

        w.WriteBoolean("count_only", r.CountOnly);
    }

    /// <summary>Reads a request; throws <see cref="JsonException"/> naming the bad field.</summary>
    public static SearchRequest ReadRequest(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the request must be a JSON object");
        }

        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()
            : e.TryGetProperty(name, out v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? throw new JsonException($"{name} must be a string") : null;
        DateTimeOffset? Time(string name) => Str(name) is { } s
            ? DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new JsonException($"{name} is not an ISO 8601 time: '{s}'")
            : null;

        var limit = e.TryGetProperty("limit", out var l) ? (l.TryGetInt32(out var n) ? n : throw new JsonException("limit must be an integer")) : 100;
        IReadOnlyList<string>? fields = null;
        if (e.TryGetProperty("fields", out var fs) && fs.ValueKind == JsonValueKind.Array)
        {
            fields = [.. fs.EnumerateArray().Select(f => f.GetString() ?? throw new JsonException("fields must be strings"))];
        }

        return new SearchRequest(
            Str("query") ?? string.Empty,
            Time("from"),
            Time("to"),
            limit,
            Str("data_stream_type") ?? "logs",
            Str("sort"),
            fields,
            Str("search_after"),
            e.TryGetProperty("count_only", out var c) && c.ValueKind == JsonValueKind.True,
            Str("time_zone"));
    }

    public static void WriteResult(Utf8JsonWriter w, SearchResult result)
    {
        w.WriteStartObject();
        w.WriteNumber("total", result.Total);
        w.WriteBoolean("total_is_lower_bound", result.TotalIsLowerBound);
        if (result.NextPage is not null)
        {
            w.WriteString("next_page", result.NextPage);
        }

        w.WriteStartArray("hits");
        foreach (var hit in result.Hits)
        {
            EcsJson.Write(w, hit);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static SearchResult ReadResult(JsonElement e)
    {
        var total = e.GetProperty("total").GetInt64();
        var next = e.TryGetProperty("next_page", out var np) && np.ValueKind == JsonValueKind.String ? np.GetString() : null;
        var hits = e.TryGetProperty("hits", out var h) ? h.EnumerateArray().Select(EcsJson.FromElement).ToList() : [];
        var lowerBound = e.TryGetProperty("total_is_lower_bound", out var lb) && lb.ValueKind == JsonValueKind.True;
        return new SearchResult(total, hits, next, lowerBound);
    }

    public static void WriteHistogram(Utf8JsonWriter w, IReadOnlyList<HistogramBucket> buckets)
    {
        w.WriteStartObject();
        w.WriteStartArray("buckets");
        foreach (var b in buckets)
        {
            w.WriteStartObject();
            w.WriteString("start", b.Start.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("count", b.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static IReadOnlyList<HistogramBucket> ReadHistogram(JsonElement e) =>
        [.. e.GetProperty("buckets").EnumerateArray().Select(b => new HistogramBucket(
            DateTimeOffset.Parse(b.GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            b.GetProperty("count").GetInt64()))];

    public static void WriteTop(Utf8JsonWriter w, TopValues top)
    {
        w.WriteStartObject();
        w.WriteString("field", top.Field);
        w.WriteStartArray("buckets");
        foreach (var b in top.Buckets)
        {
            w.WriteStartObject();
            w.WriteString("value", b.Value);
            w.WriteNumber("count", b.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("total_values", top.TotalValues);
        w.WriteNumber("other_count", top.OtherCount);
        w.WriteEndObject();
    }

    public static TopValues ReadTopValues(JsonElement e, string field) => new(
        e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : field,
        [.. e.GetProperty("buckets").EnumerateArray().Select(b => new TermBucket(b.GetProperty("value").GetString() ?? string.Empty, b.GetProperty("count").GetInt64()))],
        e.GetProperty("total_values").GetInt64(),
        e.GetProperty("other_count").GetInt64());
}
