using System.Text.Json.Nodes;

namespace Observability.Testing.Elasticsearch;

/// <summary>
/// Validates JSON against schemas of the Elasticsearch OpenAPI specification: <c>$ref</c>, <c>type</c>,
/// <c>nullable</c>, <c>enum</c>, <c>properties</c>/<c>required</c>, <c>additionalProperties</c>, <c>items</c>,
/// <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c>, <c>discriminator</c>, <c>min/maxProperties</c>. It is stricter than
/// OpenAPI in one way that matches Elasticsearch: an object schema that lists its properties and says nothing
/// of additional ones is closed, because Elasticsearch answers an unknown key with a 400
/// (<c>x_content_parse_exception</c>, "unknown field").
/// </summary>
public sealed class OpenApiValidator
{
    private static readonly Lazy<OpenApiValidator> Shared = new(() => new OpenApiValidator(
        Path.Combine(SpecFiles.Directory, "elasticsearch", "elasticsearch-serverless-openapi.9.5.json")));

    private readonly JsonObject _components;
    private readonly JsonObject _paths;

    public OpenApiValidator(string specPath)
    {
        using var stream = File.OpenRead(specPath);
        var spec = JsonNode.Parse(stream)!;
        _components = (JsonObject)spec["components"]!;
        _paths = (JsonObject)spec["paths"]!;

        // One gap in the OpenAPI rendering of the specification: SortOptions is, in the TypeScript source,
        // `SortOptionsKeys & { [field: string]: FieldSort | SortOrder }`; the rendering kept only the keys
        // (_score, _doc, …) and dropped the field entries, which makes every `{"<field>": {"order": …}}` sort
        // invalid; FieldSort itself is missing. Restore both from the TypeScript definition (_types/sort.ts):
        // a field maps to a SortOrder or to { missing, mode, nested, order, unmapped_type, numeric_type, format }.
        ((JsonObject)_components["schemas"]!)["_types.FieldSort"] = JsonNode.Parse("""
            {"oneOf":[{"$ref":"#/components/schemas/_types.SortOrder"},
              {"type":"object","properties":{
                "missing":{"oneOf":[{"type":"string"},{"type":"number"},{"type":"boolean"}]},
                "mode":{"$ref":"#/components/schemas/_types.SortMode"},
                "nested":{"$ref":"#/components/schemas/_types.NestedSortValue"},
                "order":{"$ref":"#/components/schemas/_types.SortOrder"},
                "unmapped_type":{"type":"string"},
                "numeric_type":{"type":"string","enum":["long","double","date","date_nanos"]},
                "format":{"type":"string"}}}]}
            """);
        Schema("_types.SortOptions")["additionalProperties"] = new JsonObject { ["$ref"] = "#/components/schemas/_types.FieldSort" };
    }

    public static OpenApiValidator Instance => Shared.Value;

    /// <summary>The JSON schema of a request body (<c>components/requestBodies/&lt;name&gt;</c>).</summary>
    public JsonObject RequestBody(string name) =>
        (JsonObject)_components["requestBodies"]![name]!["content"]!["application/json"]!["schema"]!;

    /// <summary>The JSON schema of a request body given inline on a path (<c>PUT /{index}</c>).</summary>
    public JsonObject PathRequestBody(string path, string method)
    {
        var body = _paths[path]![method]!["requestBody"]!;
        return body["$ref"] is JsonValue r
            ? RequestBody(r.GetValue<string>()["#/components/requestBodies/".Length..])
            : (JsonObject)body["content"]!["application/json"]!["schema"]!;
    }

    public JsonObject Schema(string name) => (JsonObject)_components["schemas"]![name]!;

    public IReadOnlyList<string> Validate(JsonNode? value, JsonObject schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors, strict: true);
        return errors;
    }

    private JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"]?.GetValue<string>() is { } r)
        {
            var name = r["#/components/schemas/".Length..];
            schema = Schema(name);
        }

        return schema;
    }

    private void Check(JsonNode? value, JsonObject schema, string path, List<string> errors, bool strict)
    {
        schema = Resolve(schema);
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema["type"] is not null)
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (schema["discriminator"] is JsonObject disc && value is JsonObject dobj)
        {
            var prop = disc["propertyName"]!.GetValue<string>();
            // A mapping property without "type" but with "properties" is an object (Elasticsearch's default).
            var tag = dobj[prop]?.GetValue<string>() ?? (dobj.ContainsKey("properties") ? "object" : null);
            if (tag is null || disc["mapping"]?[tag] is not JsonValue target)
            {
                errors.Add($"{path}: '{prop}' = '{tag}' is not one of the known kinds");
                return;
            }

            Check(value, Ref(target.GetValue<string>()), path, errors, strict);
            return;
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
            {
                Check(value, (JsonObject)part!, path, errors, strict: false);
            }

            if (strict && value is JsonObject all)
            {
                CheckUnknown(all, schema, path, errors);
            }
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
        {
            List<string>? best = null;
            foreach (var choice in choices)
            {
                var attempt = new List<string>();
                Check(value, (JsonObject)choice!, path, attempt, strict);
                if (attempt.Count == 0)
                {
                    best = null;
                    goto matched;
                }

                if (best is null || attempt.Count < best.Count)
                {
                    best = attempt;
                }
            }

            errors.Add($"{path}: matches none of {choices.Count} alternatives; closest: {string.Join("; ", best ?? [])}");
            matched:;
        }

        if (schema["enum"] is JsonArray options && value is JsonValue ev)
        {
            var text = ev.ToJsonString();
            if (!options.Any(o => o?.ToJsonString() == text))
            {
                errors.Add($"{path}: {text} is not one of {options.ToJsonString()}");
            }
        }

        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    errors.Add($"{path}: expected an object, got {Kind(value)}");
                    return;
                }

                CheckObject(obj, schema, path, errors, strict);
                break;
            case "array":
                if (value is not JsonArray arr)
                {
                    errors.Add($"{path}: expected an array, got {Kind(value)}");
                    return;
                }

                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < arr.Count; i++)
                    {
                        Check(arr[i], items, $"{path}[{i}]", errors, strict: true);
                    }
                }

                break;
            case "string" or "number" or "integer" or "boolean":
                if (!IsPrimitive(value, type))
                {
                    errors.Add($"{path}: expected {type}, got {Kind(value)}");
                }

                break;
        }
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors, bool strict)
    {
        var props = schema["properties"] as JsonObject;
        foreach (var req in schema["required"] as JsonArray ?? [])
        {
            if (!obj.ContainsKey(req!.GetValue<string>()))
            {
                errors.Add($"{path}: required property '{req}' is missing");
            }
        }

        // With listed properties, min/maxProperties 1 means "exactly one of these" (a container variant):
        // count only the listed keys; for a dictionary, count all keys.
        var counted = props is null || schema["additionalProperties"] is JsonObject ? obj.Count : obj.Count(p => props.ContainsKey(p.Key));
        if (schema["minProperties"]?.GetValue<int>() is { } min && counted < min)
        {
            errors.Add($"{path}: needs at least {min} properties");
        }

        if (schema["maxProperties"]?.GetValue<int>() is { } max && counted > max)
        {
            errors.Add($"{path}: allows at most {max} properties");
        }

        foreach (var (key, v) in obj)
        {
            if (props?[key] is JsonObject ps)
            {
                Check(v, ps, $"{path}.{key}", errors, strict: true);
            }
            else if (schema["additionalProperties"] is JsonObject extra)
            {
                Check(v, extra, $"{path}.{key}", errors, strict: true);
            }
            else if (schema["additionalProperties"] is JsonValue allowed && !allowed.GetValue<bool>())
            {
                errors.Add($"{path}: unknown property '{key}'");
            }
        }

        if (strict && props is not null && schema["additionalProperties"] is null)
        {
            CheckUnknown(obj, schema, path, errors);
        }
    }

    /// <summary>Unknown keys of an object against every property any part of the (composed) schema declares.</summary>
    private void CheckUnknown(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (!CollectKnown(schema, known))
        {
            return; // some part is open (additionalProperties or untyped)
        }

        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key))
            {
                errors.Add($"{path}: unknown property '{key}'");
            }
        }
    }

    private bool CollectKnown(JsonObject schema, HashSet<string> known)
    {
        schema = Resolve(schema);
        if (schema["additionalProperties"] is not null)
        {
            return false;
        }

        var closed = false;
        if (schema["properties"] is JsonObject props)
        {
            known.UnionWith(props.Select(p => p.Key));
            closed = true;
        }

        foreach (var part in schema["allOf"] as JsonArray ?? [])
        {
            var p = Resolve((JsonObject)part!);
            if (p["properties"] is null && p["allOf"] is null && p["additionalProperties"] is null)
            {
                continue; // a bare {"type":"object"} adds nothing
            }

            if (!CollectKnown(p, known))
            {
                return false;
            }

            closed = true;
        }

        return closed;
    }

    private JsonObject Ref(string r) => Schema(r["#/components/schemas/".Length..]);

    private static bool IsPrimitive(JsonNode value, string type)
    {
        if (value is not JsonValue v)
        {
            return false;
        }

        var kind = v.GetValueKind();
        return type switch
        {
            "string" => kind == System.Text.Json.JsonValueKind.String,
            "boolean" => kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "integer" => kind == System.Text.Json.JsonValueKind.Number && v.ToJsonString().All(c => char.IsDigit(c) || c == '-'),
            _ => kind == System.Text.Json.JsonValueKind.Number,
        };
    }

    private static string Kind(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "?",
    };
}
