using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Observability.Core.Documents;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Testing.Elasticsearch;

public sealed partial class FakeElasticsearch
{
    private static readonly Dictionary<string, ObsField> Catalog = FieldCatalog.All.DistinctBy(f => f.Name).ToDictionary(f => f.Name);

    /// <summary>Data streams keep documents that fail to index in their failure store (answered 201, <c>"failure_store": "used"</c>).</summary>
    public bool FailureStoreEnabled { get; set; }

    private async Task BulkAsync(HttpContext ctx, string body, JsonObject? role)
    {
        RequestFaults.TryDequeue(out var fault);
        if (fault?.Status is { } status)
        {
            if (fault.RetryAfterSeconds > 0)
            {
                ctx.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            await JsonAsync(ctx, status, new JsonObject { ["error"] = Error("unavailable_shards_exception", "primary shard is not active"), ["status"] = status });
            return;
        }

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        lock (_bulkLock)
        {
            for (var i = 0; i + 1 < lines.Length; i += 2)
            {
                var item = Item(JsonNode.Parse(lines[i])!.AsObject(), JsonNode.Parse(lines[i + 1])!.AsObject(), role);
                errors |= item.First().Value!["status"]!.GetValue<int>() >= 300;
                items.Add(item);
            }
        }

        if (fault is { Delay: var delay } && delay > TimeSpan.Zero)
        {
            // Elasticsearch finished the work; the answer is late (the client may have given up by then).
            await Task.Delay(delay, CancellationToken.None);
        }

        var answer = new JsonObject { ["took"] = 3, ["errors"] = errors, ["items"] = items };
        await JsonAsync(ctx, 200, ctx.Request.Query["filter_path"].ToString() is { Length: > 0 } filter ? FilterPath(answer, filter.Split(',')) : answer);
    }

    private JsonObject Item(JsonObject action, JsonObject source, JsonObject? role)
    {
        var (op, meta) = action.First();
        var index = meta!["_index"]!.GetValue<string>();
        var id = meta["_id"]?.GetValue<string>();
        var isStream = index.StartsWith("logs-", StringComparison.Ordinal) || index.StartsWith("metrics-", StringComparison.Ordinal) || index.StartsWith("traces-", StringComparison.Ordinal);
        // The stream's template decides: time series mode, and whether our mappings (and their checks) apply at all.
        var template = isStream ? TemplateFor(index) : null;
        var isTsds = isStream && IsTimeSeries(index);
        var ours = !isStream || template is null || template.StartsWith("obs-", StringComparison.Ordinal);

        // An index by name: through an alias to its write index; a name that is neither is auto-created as a plain index.
        var concrete = isStream ? index : WriteIndexOf(index);

        JsonObject Answer(int status, JsonObject? error = null, string? result = null)
        {
            var o = new JsonObject { ["_index"] = isStream ? $".ds-{index}-2026.11.26-000001" : concrete, ["_id"] = id, ["status"] = status };
            if (error is not null)
            {
                o["error"] = error;
            }
            else
            {
                o["result"] = result;
                o["_version"] = 1;
            }

            return new JsonObject { [op] = o };
        }

        if (role is not null && UnauthorizedItem(role, op, index) is { } privilege)
        {
            return Answer(403, Error("security_exception", $"action [indices:data/write/bulk[s]] is unauthorized for API key on indices [{index}], this action is granted by the index privileges [{privilege}]"));
        }

        if (isStream && op != "create")
        {
            return Answer(400, Error("illegal_argument_exception", $"only write ops with an op_type of create are allowed in data streams"));
        }

        if (isTsds && id is not null)
        {
            return Answer(400, Error("illegal_argument_exception", $"_id must be unset or set to [{TsdsId(source)}] but was [{id}] because [{index}] is in time_series mode"));
        }

        id ??= isTsds ? TsdsId(source) : Guid.NewGuid().ToString("N");
        var attempt = Attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (ItemFault?.Invoke(id, attempt) is { } forced)
        {
            return forced switch
            {
                429 => Answer(429, Error("es_rejected_execution_exception", "rejected execution of coordinating operation")),
                >= 500 => Answer(forced, Error("unavailable_shards_exception", "primary shard is not active")),
                _ => Answer(forced, Error("document_parsing_exception", "[1:42] failed to parse field")),
            };
        }

        if (isStream && source["@timestamp"] is null)
        {
            return Answer(400, Error("illegal_argument_exception", "data stream timestamp field [@timestamp] is missing"));
        }

        if (ours && ((IgnoresMalformed(index) ? null : MappingError(source)) ?? ObjectConflict(index, source)) is { } mappingError)
        {
            if (FailureStoreEnabled && isStream)
            {
                // The failure store keeps the failed document and the item answers 201, marked "failure_store": "used".
                var redirected = Answer(201, result: "created");
                redirected[op]!["failure_store"] = "used";
                return redirected;
            }

            return Answer(400, Error("document_parsing_exception", mappingError));
        }

        var key = $"{concrete}/{id}";
        if (!isStream)
        {
            Resources.TryAdd($"/{concrete}", new JsonObject());
        }

        if (op == "create" && Documents.ContainsKey(key))
        {
            return Answer(409, Error("version_conflict_engine_exception", $"[{id}]: version conflict, document already exists (current version [1])"));
        }

        Documents[key] = source;
        Created.AddOrUpdate(key, 1, (_, n) => n + 1);
        return Answer(201, result: "created");
    }

    /// <summary>Elasticsearch's <c>filter_path</c>: keeps the paths named (a <c>*</c> segment matches any key; arrays are walked).</summary>
    private static JsonObject FilterPath(JsonObject answer, string[] paths)
    {
        JsonNode? Keep(JsonNode? node, string[][] rest)
        {
            if (rest.Any(r => r.Length == 0))
            {
                return node?.DeepClone();
            }

            switch (node)
            {
                case JsonArray a:
                    var kept = new JsonArray();
                    foreach (var e in a)
                    {
                        if (Keep(e, rest) is { } k)
                        {
                            kept.Add(k);
                        }
                    }

                    return kept.Count > 0 ? kept : null;
                case JsonObject o:
                    var result = new JsonObject();
                    foreach (var (k, v) in o)
                    {
                        var next = rest.Where(r => r[0] == "*" || r[0] == k).Select(r => r[1..]).ToArray();
                        if (next.Length > 0 && Keep(v, next) is { } child)
                        {
                            result[k] = child;
                        }
                    }

                    return result.Count > 0 ? result : null;
                default:
                    return null;
            }
        }

        return Keep(answer, [.. paths.Select(p => p.Split('.'))]) as JsonObject ?? [];
    }

    /// <summary>A number field given a non-numeric string fails to parse, as Elasticsearch's mapper does.</summary>
    private static string? MappingError(JsonObject source)
    {
        foreach (var (name, value) in Flatten(source, null))
        {
            if (Catalog.TryGetValue(name, out var f) && f.IsNumeric && value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                && !double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return $"[1:1] failed to parse field [{name}] of type [{f.Type}] in document. Preview of field's value: '{v.GetValue<string>()}'";
            }
        }

        return null;
    }

    /// <summary>
    /// A concrete value where the index's template maps an object (<c>"host": "a"</c> against <c>host.name</c>) fails
    /// as in Elasticsearch; names under a <c>subobjects: false</c> object are leaves and never conflict.
    /// </summary>
    private static string? ObjectConflict(string index, JsonObject source)
    {
        var fields = index.StartsWith("obs-alerts", StringComparison.Ordinal) ? TemplateBuilder.AlertFields()
            : index.StartsWith("logs-", StringComparison.Ordinal) ? TemplateBuilder.LogFields()
            : index.StartsWith("metrics-", StringComparison.Ordinal) ? TemplateBuilder.MetricFields()
            : index.StartsWith("traces-", StringComparison.Ordinal) ? TemplateBuilder.TraceFields()
            : [];
        var objects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            var flat = FieldCatalog.FlatObjects.FirstOrDefault(p => f.Name.StartsWith(p + ".", StringComparison.Ordinal));
            var parts = f.Name.Split('.');
            for (var i = 1; i < parts.Length; i++)
            {
                var prefix = string.Join('.', parts[..i]);
                if (flat is null || prefix.Length <= flat.Length)
                {
                    objects.Add(prefix);
                }
            }
        }

        foreach (var (name, value) in Flatten(source, null))
        {
            if (objects.Contains(name) && value is not null)
            {
                return $"object mapping for [{name}] tried to parse field [{name}] as object, but found a concrete value";
            }
        }

        return null;
    }

    public static IEnumerable<(string, JsonNode?)> Flatten(JsonObject o, string? prefix)
    {
        foreach (var (k, v) in o)
        {
            var name = prefix is null ? k : $"{prefix}.{k}";
            if (v is JsonObject child)
            {
                foreach (var x in Flatten(child, name))
                {
                    yield return x;
                }
            }
            else
            {
                yield return (name, v);
            }
        }
    }

    /// <summary>As TSDS does: the id derives from the dimensions and the timestamp, so a resent sample is a 409.</summary>
    private static string TsdsId(JsonObject source)
    {
        var flat = Flatten(source, null).ToDictionary(x => x.Item1, x => x.Item2?.ToJsonString());
        var parts = TemplateBuilder.TimeSeriesFields().Where(f => f.Role == FieldRole.Dimension && flat.ContainsKey(f.Name))
            .Select(f => $"{f.Name}={flat[f.Name]}").Append(flat.GetValueOrDefault("@timestamp") ?? "");
        return EventIds.FromParts([.. parts]);
    }
}
