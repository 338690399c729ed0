using System.Text.Json.Nodes;
using Observability.Reports.Model;

namespace Observability.Reports.Elasticsearch;

/// <summary>Query DSL pieces the reports' searches share: a period as an <c>@timestamp</c> range, field presence, the search envelope.</summary>
public static class EsReportRequests
{
    /// <summary><c>@timestamp</c> in [start, end), as ISO 8601 UTC with milliseconds (the <c>date</c> type's precision).</summary>
    public static JsonObject InPeriod(ReportPeriod period) => new()
    {
        ["range"] = new JsonObject
        {
            ["@timestamp"] = new JsonObject
            {
                ["gte"] = Iso(period.Start),
                ["lt"] = Iso(period.End),
                ["format"] = "strict_date_optional_time",
            },
        },
    };

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Exists(string field) => new() { ["exists"] = new JsonObject { ["field"] = field } };

    public static JsonObject Filter(params JsonObject[] clauses) => new() { ["bool"] = new JsonObject { ["filter"] = new JsonArray([.. clauses]) } };

    /// <summary>A <c>size: 0</c> search: only the aggregations are wanted, not hits nor their total.</summary>
    public static JsonObject Search(JsonObject query, JsonObject aggregations, JsonObject? runtimeMappings = null)
    {
        var body = new JsonObject { ["size"] = 0, ["track_total_hits"] = false };
        if (runtimeMappings is not null)
        {
            body["runtime_mappings"] = runtimeMappings;
        }

        body["query"] = query;
        body["aggregations"] = aggregations;
        return body;
    }

    /// <summary>A numeric bucket key, however the JSON number was written (<c>79</c>, <c>79.0</c>).</summary>
    public static double Number(JsonNode key) => double.Parse(key.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A bucket's numeric metric value (<c>max</c>, <c>avg</c>, …); null when Elasticsearch answered null (no values).</summary>
    public static double? Value(JsonNode? metric) => metric?["value"] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    /// <summary>The value of percentile <paramref name="percent"/> from a <c>percentiles</c> answer with <c>keyed: false</c>.</summary>
    public static double? Percentile(JsonNode? percentiles, double percent) =>
        (percentiles?["values"] as JsonArray ?? [])
            .Where(p => Math.Abs(p!["key"]!.GetValue<double>() - percent) < 1e-9)
            .Select(p => p!["value"] is JsonValue v && v.TryGetValue<double>(out var d) ? d : (double?)null)
            .FirstOrDefault();
}
