using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Observability.Storage.Tests.Elasticsearch.Support;

internal sealed partial class FakeElasticsearch
{
    /// <summary>Templates, ILM policies and indices: PUT stores the body, GET answers in Elasticsearch's envelope.</summary>
    private Task ResourceAsync(HttpContext ctx, string method, string path, string body)
    {
        var segments = path.Trim('/').Split('/');
        if (method == "PUT" && RefusePut?.Invoke(path) == true)
        {
            return JsonAsync(ctx, 400, new JsonObject { ["error"] = Error("mapper_parsing_exception", "unknown parameter [ignore_abve] on mapper [x] of type [keyword]"), ["status"] = 400 });
        }

        if (method == "PUT")
        {
            var json = JsonNode.Parse(body)!.AsObject();
            if (segments.Length == 1 && Resources.ContainsKey(path))
            {
                return JsonAsync(ctx, 400, new JsonObject { ["error"] = Error("resource_already_exists_exception", $"index [{segments[0]}] already exists"), ["status"] = 400 });
            }

            if (segments is [var index, "_mapping"])
            {
                var existing = Resources[$"/{index}"];
                existing["mappings"] = json.DeepClone();
            }
            else
            {
                Resources[path] = json;
            }

            return JsonAsync(ctx, 200, new JsonObject { ["acknowledged"] = true });
        }

        if (method != "GET")
        {
            return JsonAsync(ctx, 405, new JsonObject { ["error"] = Error("method_not_allowed", method) });
        }

        var lookup = segments is [var idx, "_mapping"] ? $"/{idx}" : path;
        if (!Resources.TryGetValue(lookup, out var stored))
        {
            return JsonAsync(ctx, 404, new JsonObject { ["error"] = Error("resource_not_found_exception", $"{path} not found"), ["status"] = 404 });
        }

        var name = segments[^1];
        JsonNode answer = segments switch
        {
            ["_component_template", _] => new JsonObject { ["component_templates"] = new JsonArray(new JsonObject { ["name"] = name, ["component_template"] = stored.DeepClone() }) },
            ["_index_template", _] => new JsonObject { ["index_templates"] = new JsonArray(new JsonObject { ["name"] = name, ["index_template"] = stored.DeepClone() }) },
            ["_ilm", "policy", _] => new JsonObject { [name] = new JsonObject { ["version"] = 1, ["modified_date"] = "2026-11-26T00:00:00Z", ["policy"] = stored["policy"]!.DeepClone() } },
            [var index, "_mapping"] => new JsonObject { [index] = new JsonObject { ["mappings"] = stored["mappings"]!.DeepClone() } },
            _ => stored.DeepClone(),
        };
        return JsonAsync(ctx, 200, answer);
    }

    /// <summary>Pages over stored documents of the target pattern by <c>@timestamp</c> desc, <c>event.id</c> desc, honouring search_after and size.</summary>
    private Task SearchAsync(HttpContext ctx, string path, string body)
    {
        var segments = path.Trim('/').Split('/');
        var pattern = segments[0];
        var request = JsonNode.Parse(body)!.AsObject();
        var prefix = pattern.Split('*')[0];
        var docs = Documents.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(d => (Key: d.Key, Source: d.Value, Ts: DateTimeOffset.Parse(d.Value["@timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), Id: d.Value["event"]?["id"]?.GetValue<string>() ?? ""))
            .OrderByDescending(d => d.Ts).ThenByDescending(d => d.Id, StringComparer.Ordinal).ToList();
        if (segments[^1] == "_count")
        {
            return JsonAsync(ctx, 200, new JsonObject { ["count"] = docs.Count, ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 } });
        }

        if ((request["aggregations"] ?? request["aggs"]) is JsonObject aggs)
        {
            return JsonAsync(ctx, 200, new JsonObject
            {
                ["took"] = 2,
                ["timed_out"] = false,
                ["hits"] = new JsonObject { ["hits"] = new JsonArray() },
                ["aggregations"] = Aggregate(aggs, [.. docs.Select(d => (d.Source, d.Ts))]),
            });
        }

        var total = docs.Count;
        if (request["search_after"] is JsonArray after)
        {
            var ts = after[0]!.GetValue<long>();
            var id = after[1]!.GetValue<string>();
            docs = [.. docs.Where(d => d.Ts < ts || (d.Ts == ts && string.CompareOrdinal(d.Id, id) < 0))];
        }

        var size = request["size"]?.GetValue<int>() ?? 10;
        var hits = new JsonArray();
        foreach (var d in docs.Take(size))
        {
            hits.Add(new JsonObject
            {
                ["_index"] = ".ds-" + d.Key.Split('/')[0] + "-2026.11.26-000001",
                ["_id"] = d.Key.Split('/')[1],
                ["_score"] = null,
                ["_source"] = d.Source.DeepClone(),
                ["sort"] = new JsonArray(d.Ts, d.Id),
            });
        }

        return JsonAsync(ctx, 200, new JsonObject
        {
            ["took"] = 2,
            ["timed_out"] = false,
            ["hits"] = new JsonObject { ["total"] = new JsonObject { ["value"] = total, ["relation"] = "eq" }, ["max_score"] = null, ["hits"] = hits },
        });
    }

    /// <summary>date_histogram (fixed_interval in ms, min_doc_count 0, extended_bounds) and terms + exists filter, as Elasticsearch answers them.</summary>
    private static JsonObject Aggregate(JsonObject aggs, List<(JsonObject Source, long Ts)> docs)
    {
        var result = new JsonObject();
        foreach (var (name, agg) in aggs)
        {
            if (agg!["date_histogram"] is JsonObject h)
            {
                var step = long.Parse(h["fixed_interval"]!.GetValue<string>().TrimEnd('s', 'm'), System.Globalization.CultureInfo.InvariantCulture);
                var keys = docs.Select(d => d.Ts - (((d.Ts % step) + step) % step)).ToList();
                long? min = keys.Count > 0 ? keys.Min() : null, max = keys.Count > 0 ? keys.Max() : null;
                if (h["extended_bounds"] is JsonObject b)
                {
                    var bmin = b["min"]!.GetValue<long>();
                    var bmax = b["max"]!.GetValue<long>();
                    min = Math.Min(min ?? long.MaxValue, bmin - (((bmin % step) + step) % step));
                    max = Math.Max(max ?? long.MinValue, bmax - (((bmax % step) + step) % step));
                }

                var buckets = new JsonArray();
                for (var k = min; k is not null && k <= max; k += step)
                {
                    buckets.Add(new JsonObject { ["key_as_string"] = DateTimeOffset.FromUnixTimeMilliseconds(k.Value).ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["key"] = k, ["doc_count"] = keys.Count(x => x == k) });
                }

                result[name] = new JsonObject { ["buckets"] = buckets };
            }
            else if (agg["terms"] is JsonObject t)
            {
                var field = t["field"]!.GetValue<string>();
                var size = t["size"]!.GetValue<int>();
                var values = docs.Select(d => Flatten(d.Source, null).FirstOrDefault(x => x.Item1 == field).Item2).Where(v => v is not null).Select(v => v is JsonValue jv && jv.GetValueKind() == System.Text.Json.JsonValueKind.String ? jv.GetValue<string>() : v!.ToJsonString()).ToList();
                var groups = values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
                var buckets = new JsonArray([.. groups.Take(size).Select(g => (JsonNode)new JsonObject { ["key"] = g.Key, ["doc_count"] = g.Count() })]);
                result[name] = new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = groups.Skip(size).Sum(g => g.Count()), ["buckets"] = buckets };
            }
            else if (agg["value_count"]?["field"]?.GetValue<string>() is { } counted)
            {
                // Elasticsearch answers value_count as a double ("value": 25.0); arrays count each element.
                var n = docs.Sum(d => Flatten(d.Source, null).Where(x => x.Item1 == counted && x.Item2 is not null).Sum(x => x.Item2 is JsonArray a ? a.Count : 1));
                result[name] = new JsonObject { ["value"] = (double)n };
            }
        }

        return result;
    }
}
