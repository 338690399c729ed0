using System.Globalization;
using System.Text.Json;
using Observability.Core.Json;
using Observability.Storage.Abstractions;

namespace Observability.Storage.Api;

/// <summary>
/// The wire format of the loopback query API, shared by the server in <c>obs up</c> and <see cref="QueryApiClient"/>.
/// Requests are <see cref="SearchRequest"/> with snake_case names; results are
/// <c>{"total":N,"next_page":"…","hits":[ECS documents]}</c>.
/// </summary>
public static class QueryApiProtocol
{
    public const string SearchPath = "/api/search";
    public const string HealthPath = "/api/health";
    public const string TokenHeader = "X-Obs-Token";

    /// <summary>Largest request body the server reads.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    public static void WriteRequest(Utf8JsonWriter w, SearchRequest r)
    {
        w.WriteStartObject();
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
        w.WriteEndObject();
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
            e.TryGetProperty("count_only", out var c) && c.ValueKind == JsonValueKind.True);
    }

    public static void WriteResult(Utf8JsonWriter w, SearchResult result)
    {
        w.WriteStartObject();
        w.WriteNumber("total", result.Total);
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
        return new SearchResult(total, hits, next);
    }
}
