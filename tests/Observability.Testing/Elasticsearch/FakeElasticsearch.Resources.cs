using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Observability.Testing.Elasticsearch;

public sealed partial class FakeElasticsearch
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

            if (segments.Length == 1 && IndicesOf(segments[0]).Count > 0)
            {
                return JsonAsync(ctx, 400, new JsonObject { ["error"] = Error("invalid_index_name_exception", $"Invalid index name [{segments[0]}], already exists as alias"), ["status"] = 400 });
            }

            if (segments.Length == 1 && (json["aliases"] as JsonObject ?? []).Select(a => a.Key).FirstOrDefault(a => Resources.ContainsKey($"/{a}")) is { } clash)
            {
                return JsonAsync(ctx, 400, new JsonObject { ["error"] = Error("invalid_alias_name_exception", $"Invalid alias name [{clash}]: an index or data stream exists with the same name as the alias"), ["status"] = 400 });
            }

            if (segments is ["_index_template", var template] && OverlapError(template, json) is { } overlap)
            {
                return JsonAsync(ctx, 400, new JsonObject { ["error"] = Error("illegal_argument_exception", overlap), ["status"] = 400 });
            }

            if (segments is [var mapped, "_mapping"])
            {
                // Through an alias the mapping goes to every index behind it.
                foreach (var (_, existing) in Concrete(mapped))
                {
                    existing["mappings"] = json.DeepClone();
                }
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

        if ((segments.Length == 1 || segments is [_, "_mapping"]) && segments[0].Length > 0 && !segments[0].StartsWith('_'))
        {
            return IndexInfoAsync(ctx, segments[0], mappingOnly: segments.Length == 2);
        }

        if (!Resources.TryGetValue(path, out var stored))
        {
            return JsonAsync(ctx, 404, new JsonObject { ["error"] = Error("resource_not_found_exception", $"{path} not found"), ["status"] = 404 });
        }

        var name = segments[^1];
        JsonNode answer = segments switch
        {
            ["_component_template", _] => new JsonObject { ["component_templates"] = new JsonArray(new JsonObject { ["name"] = name, ["component_template"] = stored.DeepClone() }) },
            ["_index_template", _] => new JsonObject { ["index_templates"] = new JsonArray(new JsonObject { ["name"] = name, ["index_template"] = stored.DeepClone() }) },
            ["_ilm", "policy", _] => new JsonObject { [name] = new JsonObject { ["version"] = 1, ["modified_date"] = "2026-11-26T00:00:00Z", ["policy"] = stored["policy"]!.DeepClone() } },
            _ => stored.DeepClone(),
        };
        return JsonAsync(ctx, 200, answer);
    }

    /// <summary><c>GET /{index or alias}</c> and <c>/_mapping</c>: keyed by the concrete indices, as Elasticsearch answers.</summary>
    private Task IndexInfoAsync(HttpContext ctx, string target, bool mappingOnly)
    {
        var indices = Concrete(target);
        if (indices.Count == 0)
        {
            return JsonAsync(ctx, 404, new JsonObject { ["error"] = Error("index_not_found_exception", $"no such index [{target}]"), ["status"] = 404 });
        }

        var answer = new JsonObject();
        foreach (var (index, body) in indices)
        {
            var info = new JsonObject { ["mappings"] = body["mappings"]?.DeepClone() ?? new JsonObject() };
            if (!mappingOnly)
            {
                info["aliases"] = body["aliases"]?.DeepClone() ?? new JsonObject();
                info["settings"] = new JsonObject { ["index"] = new JsonObject { ["provided_name"] = index } };
            }

            answer[index] = info;
        }

        return JsonAsync(ctx, 200, answer);
    }

    /// <summary>The index of that name, or else the indices behind the alias of that name (none when neither exists).</summary>
    private List<(string Index, JsonObject Body)> Concrete(string name) =>
        Resources.TryGetValue($"/{name}", out var own) ? [(name, own)] : IndicesOf(name);

    private List<(string Index, JsonObject Body)> IndicesOf(string alias) =>
        [.. Resources.Where(r => r.Key.Count(c => c == '/') == 1 && r.Value["aliases"]?[alias] is not null).Select(r => (r.Key[1..], r.Value)).OrderBy(r => r.Item1, StringComparer.Ordinal)];

    /// <summary>Where a write to <paramref name="name"/> lands: the alias' write index (or its only index), else the name itself.</summary>
    public string WriteIndexOf(string name)
    {
        var behind = Resources.ContainsKey($"/{name}") ? [] : IndicesOf(name);
        return behind.Count switch
        {
            0 => name,
            1 => behind[0].Index,
            _ => behind.Single(i => i.Body["aliases"]![name]!["is_write_index"]?.GetValue<bool>() == true).Index,
        };
    }

    /// <summary>As Elasticsearch counts: exactly with <c>true</c>, up to the bound given as a number (10,000 when absent), then "gte".</summary>
    private static JsonObject? Total(JsonNode? track, int total)
    {
        if (track is JsonValue v && v.TryGetValue<bool>(out var exact))
        {
            return exact ? new JsonObject { ["value"] = total, ["relation"] = "eq" } : null;
        }

        var bound = track?.GetValue<int>() ?? 10_000;
        return total > bound ? new JsonObject { ["value"] = bound, ["relation"] = "gte" } : new JsonObject { ["value"] = total, ["relation"] = "eq" };
    }

    /// <summary>
    /// Searches the stored documents of the target patterns (comma-separated): the query and the aggregations are computed
    /// by <see cref="SearchEngine"/>; hits are paged by <c>@timestamp</c> desc, <c>event.id</c> desc, honouring
    /// search_after and size.
    /// </summary>
    private Task SearchAsync(HttpContext ctx, string path, string body)
    {
        var segments = path.Trim('/').Split('/');
        var prefixes = segments[0].Split(',').Select(p => p.Split('*')[0]).ToList();
        var request = JsonNode.Parse(body)!.AsObject();
        SearchEngine engine;
        try
        {
            engine = new SearchEngine(request["runtime_mappings"] as JsonObject);
        }
        catch (NotSupportedException e)
        {
            return JsonAsync(ctx, 400, new JsonObject { ["error"] = Error("illegal_argument_exception", e.Message), ["status"] = 400 });
        }

        var docs = Documents.Where(d => prefixes.Any(p => d.Key.StartsWith(p, StringComparison.Ordinal)) && engine.Matches(d.Value, request["query"]))
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
                ["aggregations"] = engine.Aggregate(aggs, [.. docs.Select(d => d.Source)]),
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
            ["hits"] = new JsonObject { ["total"] = Total(request["track_total_hits"], total), ["max_score"] = null, ["hits"] = hits },
        });
    }
}
