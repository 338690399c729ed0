using System.Globalization;
using System.Text.Json.Nodes;
using Observability.Storage.Abstractions;

namespace Observability.Storage.Elasticsearch.Search;

/// <summary>
/// <c>_search</c> bodies with <c>size: 0</c> and one aggregation: a <c>date_histogram</c> on <c>@timestamp</c>
/// with empty buckets kept (<c>min_doc_count: 0</c>, bounded by the request's time range), or the <c>terms</c>
/// of a field with the count of its values (<c>value_count</c>: each array element counts).
/// </summary>
public static class AggregationBodyBuilder
{
    public const string HistogramName = "over_time";
    public const string TermsName = "top";
    public const string ValuesName = "values";

    public static JsonObject Histogram(SearchRequest request, TimeSpan interval, Func<string, JsonObject> translateKql)
    {
        if (interval < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "the histogram interval must be at least 1 ms");
        }

        var histogram = new JsonObject
        {
            ["field"] = "@timestamp",
            ["fixed_interval"] = string.Create(CultureInfo.InvariantCulture, $"{(long)interval.TotalMilliseconds}ms"),
            ["min_doc_count"] = 0,
        };
        if (request.From is { } from && request.To is { } to && to > from)
        {
            histogram["extended_bounds"] = new JsonObject { ["min"] = from.ToUnixTimeMilliseconds(), ["max"] = to.ToUnixTimeMilliseconds() - 1 };
        }

        return new JsonObject
        {
            ["size"] = 0,
            ["track_total_hits"] = false,
            ["query"] = SearchBodyBuilder.Query(request, translateKql),
            ["aggregations"] = new JsonObject { [HistogramName] = new JsonObject { ["date_histogram"] = histogram } },
        };
    }

    public static JsonObject Terms(SearchRequest request, string field, int size, Func<string, JsonObject> translateKql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        // Elasticsearch refuses terms on an analysed text field (no doc values: HTTP 400 about fielddata); say so plainly.
        if (Setup.FieldCatalog.All.FirstOrDefault(f => f.Name == field) is { Type: "text" or "match_only_text" } text)
        {
            throw new ArgumentException($"{field} is a {text.Type} field: Elasticsearch has no top values for analysed text; use a keyword field (or the embedded store, which counts whole values)", nameof(field));
        }

        if (size is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "top values size must be between 1 and 1000");
        }

        return new JsonObject
        {
            ["size"] = 0,
            ["track_total_hits"] = false,
            ["query"] = SearchBodyBuilder.Query(request, translateKql),
            ["aggregations"] = new JsonObject
            {
                [TermsName] = new JsonObject { ["terms"] = new JsonObject { ["field"] = field, ["size"] = size } },
                [ValuesName] = new JsonObject { ["value_count"] = new JsonObject { ["field"] = field } },
            },
        };
    }
}
