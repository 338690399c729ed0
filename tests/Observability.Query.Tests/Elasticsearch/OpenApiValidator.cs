using System.Text.Json.Nodes;

namespace Observability.Query.Tests.Elasticsearch;

/// <summary>
/// Validates JSON against a schema of an OpenAPI 3 document's <c>components.schemas</c>: <c>$ref</c>,
/// <c>allOf</c>, <c>oneOf</c>/<c>anyOf</c> (both read as "at least one": the Elasticsearch spec's unions overlap,
/// e.g. <c>FieldValue</c> lists <c>number</c> twice), <c>type</c>, <c>enum</c>, <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>min/maxProperties</c>. Stricter than OpenAPI on one point, to catch
/// misspelt keys: an object schema that lists properties and says nothing of others accepts no others.
/// </summary>
internal sealed class OpenApiValidator
{
    private readonly JsonObject _schemas;

    public OpenApiValidator(JsonObject document) => _schemas = document["components"]!["schemas"]!.AsObject();

    public static OpenApiValidator ElasticsearchSpec { get; } = Load();

    public IReadOnlyList<string> Validate(JsonNode? instance, string schemaName)
    {
        var errors = new List<string>();
        Check(instance, _schemas[schemaName] ?? throw new ArgumentException($"no schema {schemaName}"), "$", errors);
        return errors;
    }

    private static OpenApiValidator Load()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Observability.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("OBS_SPEC_DIR") is { } env ? Path.Combine(env, "elasticsearch") : null,
            dir is null ? null : Path.Combine(dir, "testdata", "spec", "elasticsearch"),
        };
        var file = candidates.Where(c => c is not null).Select(c => Path.Combine(c!, "elasticsearch-serverless-openapi.9.5.json")).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("the Elasticsearch OpenAPI spec (testdata/spec/elasticsearch) was not found; set OBS_SPEC_DIR");
        return new OpenApiValidator(JsonNode.Parse(File.ReadAllText(file))!.AsObject());
    }

    private JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is JsonValue r)
        {
            var name = r.GetValue<string>().Replace("#/components/schemas/", string.Empty, StringComparison.Ordinal);
            schema = _schemas[name]!.AsObject();
        }

        return schema;
    }

    private void Check(JsonNode? instance, JsonNode schemaNode, string path, List<string> errors, bool enforceClosed = true)
    {
        var schema = Resolve(schemaNode.AsObject());
        if (instance is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && schema["type"] is not null)
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            Check(instance, part!, path, errors, enforceClosed: false);
        }

        if (enforceClosed && instance is JsonObject closedCandidate)
        {
            CheckClosed(closedCandidate, schema, path, errors);
        }

        foreach (var key in new[] { "oneOf", "anyOf" })
        {
            if (schema[key] is JsonArray options)
            {
                var branchErrors = new List<string>();
                var ok = options.Any(o =>
                {
                    var e = new List<string>();
                    Check(instance, o!, path, e);
                    branchErrors.AddRange(e);
                    return e.Count == 0;
                });
                if (!ok)
                {
                    errors.Add($"{path}: matches none of {key} ({string.Join("; ", branchErrors.Take(3))})");
                }
            }
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, instance)))
        {
            errors.Add($"{path}: {instance.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        switch (schema["type"]?.GetValue<string>())
        {
            case "object":
                CheckObject(instance, schema, path, errors);
                break;
            case "array" when instance is JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (schema["items"] is { } items)
                    {
                        Check(array[i], items, $"{path}[{i}]", errors);
                    }
                }

                break;
            case "array":
                errors.Add($"{path}: expected an array");
                break;
            case "string" when !IsKind(instance, System.Text.Json.JsonValueKind.String):
                errors.Add($"{path}: expected a string, got {instance.ToJsonString()}");
                break;
            case "number" or "integer" when !IsKind(instance, System.Text.Json.JsonValueKind.Number):
                errors.Add($"{path}: expected a number, got {instance.ToJsonString()}");
                break;
            case "boolean" when !(IsKind(instance, System.Text.Json.JsonValueKind.True) || IsKind(instance, System.Text.Json.JsonValueKind.False)):
                errors.Add($"{path}: expected a boolean, got {instance.ToJsonString()}");
                break;
        }
    }

    private static bool IsKind(JsonNode node, System.Text.Json.JsonValueKind kind) => node is JsonValue v && v.GetValueKind() == kind;

    private void CheckObject(JsonNode instance, JsonObject schema, string path, List<string> errors)
    {
        if (instance is not JsonObject obj)
        {
            errors.Add($"{path}: expected an object, got {instance.ToJsonString()}");
            return;
        }

        if (schema["minProperties"] is JsonValue min && obj.Count < min.GetValue<int>())
        {
            errors.Add($"{path}: fewer than {min} properties");
        }

        if (schema["maxProperties"] is JsonValue max && obj.Count > max.GetValue<int>())
        {
            errors.Add($"{path}: more than {max} properties");
        }

        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey(required!.GetValue<string>()))
            {
                errors.Add($"{path}: missing required '{required}'");
            }
        }

        var additional = schema["additionalProperties"];
        foreach (var (name, value) in obj)
        {
            if (schema["properties"]?[name] is { } direct)
            {
                Check(value, direct, $"{path}.{name}", errors);
            }
            else if (additional is JsonObject extra)
            {
                Check(value, extra, $"{path}.{name}", errors);
            }
        }
    }

    /// <summary>Unknown keys: those no property list of the schema or its allOf parts names, unless extras are allowed.</summary>
    private void CheckClosed(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        var known = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var allowsExtra = false;
        CollectProperties(schema, known, ref allowsExtra);
        if (known.Count == 0 || allowsExtra)
        {
            return;
        }

        foreach (var (name, _) in obj)
        {
            if (!known.ContainsKey(name))
            {
                errors.Add($"{path}: unknown property '{name}'");
            }
        }
    }

    private void CollectProperties(JsonObject schema, Dictionary<string, JsonNode> into, ref bool allowsExtra)
    {
        schema = Resolve(schema);
        allowsExtra |= schema["additionalProperties"] is JsonObject || (schema["additionalProperties"] is JsonValue v && v.GetValue<bool>());
        foreach (var (name, value) in schema["properties"]?.AsObject() ?? [])
        {
            into[name] = value!;
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            CollectProperties(part!.AsObject(), into, ref allowsExtra);
        }
    }
}
