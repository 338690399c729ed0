using System.Text.Json.Nodes;
using Observability.Query.Elasticsearch;
using Observability.Query.Kql;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>
/// The search a Lens panel makes, as Kibana builds it for a formBased layer: the panel's KQL (translated as Kibana
/// does) and each column's filter, a fixed-interval date histogram, the breakdown as <c>terms</c> or
/// <c>multi_terms</c>, and one metric aggregation per column (<c>counter_rate</c> is computed by Kibana from its
/// referenced <c>max</c>). Used to validate every panel's request against the specification, and by the live suite
/// to run it against a cluster.
/// </summary>
internal static class LensPanelSearch
{
    public static (string Target, JsonObject Body) For(JsonObject panel, IReadOnlyDictionary<string, string> dataViewTitles)
    {
        var state = panel["attributes"]!["state"]!;
        var layer = state["datasourceStates"]!["formBased"]!["layers"]!.AsObject().Single();
        var columns = layer.Value!["columns"]!.AsObject();
        var viewId = panel["references"]!.AsArray().First(r => r!["type"]!.GetValue<string>() == "index-pattern")!["id"]!.GetValue<string>();
        var query = state["query"]?["query"]?.GetValue<string>() ?? "";

        var metrics = new JsonObject();
        foreach (var (id, column) in columns)
        {
            var op = column!["operationType"]!.GetValue<string>();
            var field = column["sourceField"]?.GetValue<string>();
            JsonObject? agg = op switch
            {
                "average" => Field("avg", field!),
                "max" or "min" or "sum" => Field(op, field!),
                "count" => field is null or "___records___" ? null : Field("value_count", field),
                "unique_count" => Field("cardinality", field!),
                "last_value" => new JsonObject
                {
                    ["top_metrics"] = new JsonObject
                    {
                        ["metrics"] = new JsonObject { ["field"] = field },
                        ["sort"] = new JsonObject { ["@timestamp"] = "desc" },
                    },
                },
                _ => null,
            };
            if (agg is null)
            {
                continue;
            }

            if (column["filter"]?["query"]?.GetValue<string>() is { Length: > 0 } kql)
            {
                agg = new JsonObject { ["filter"] = Kql(kql), ["aggregations"] = new JsonObject { ["m"] = agg } };
            }

            metrics[Name(id)] = agg;
        }

        JsonObject inner = metrics;
        foreach (var (id, column) in columns.Where(c => c.Value!["operationType"]!.GetValue<string>() == "terms").Reverse())
        {
            var p = column!["params"]!;
            var secondary = (p["secondaryFields"] as JsonArray ?? []).Select(f => f!.GetValue<string>()).ToList();
            var size = p["size"]!.GetValue<int>();
            var terms = secondary.Count == 0
                ? new JsonObject { ["terms"] = new JsonObject { ["field"] = column["sourceField"]!.GetValue<string>(), ["size"] = size } }
                : new JsonObject
                {
                    ["multi_terms"] = new JsonObject
                    {
                        ["terms"] = new JsonArray([.. new[] { column["sourceField"]!.GetValue<string>() }.Concat(secondary).Select(f => (JsonNode)new JsonObject { ["field"] = f })]),
                        ["size"] = size,
                    },
                };
            if (p["exclude"] is JsonArray { Count: > 0 } exclude && secondary.Count == 0)
            {
                terms["terms"]!["exclude"] = exclude.DeepClone();
            }

            if (inner.Count > 0)
            {
                terms["aggregations"] = inner;
            }

            inner = new JsonObject { [Name(id)] = terms };
        }

        if (columns.Any(c => c.Value!["operationType"]!.GetValue<string>() == "date_histogram"))
        {
            var histogram = new JsonObject { ["date_histogram"] = new JsonObject { ["field"] = "@timestamp", ["fixed_interval"] = "30m" } };
            if (inner.Count > 0)
            {
                histogram["aggregations"] = inner;
            }

            inner = new JsonObject { ["x"] = histogram };
        }

        var filters = new JsonArray(new JsonObject { ["range"] = new JsonObject { ["@timestamp"] = new JsonObject { ["gte"] = "now-24h" } } });
        if (query.Length > 0)
        {
            filters.Add(Kql(query));
        }

        var body = new JsonObject
        {
            ["size"] = 0,
            ["track_total_hits"] = false,
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = filters } },
        };
        if (inner.Count > 0)
        {
            body["aggregations"] = inner;
        }

        return (dataViewTitles[viewId], body);
    }

    private static JsonObject Field(string kind, string field) => new() { [kind] = new JsonObject { ["field"] = field } };

    private static JsonObject Kql(string kql) => EsQueryTranslator.Translate(KqlParser.Parse(kql));

    private static string Name(string columnId) => "c" + columnId[..8];
}
