using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>
/// Checks Kibana saved objects the way an import and a render would fail: lines parse, ids are unique,
/// references resolve, dashboard panels point at their references, Lens layers have their data view,
/// and every field a panel or query uses is mapped by our templates with a type the operation accepts.
/// </summary>
internal static partial class SavedObjectValidator
{
    private static readonly string[] NumericOps = ["average", "sum", "max", "min", "median", "standard_deviation", "percentile", "percentile_rank"];

    /// <summary>The fields each data view sees, by its title.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, ObsField>> FieldsByDataView { get; } = new Dictionary<string, Dictionary<string, ObsField>>
    {
        ["logs-obs.*-*"] = ToMap(TemplateBuilder.LogFields()),
        ["metrics-obs.*-*"] = ToMap(TemplateBuilder.MetricFields()),
        ["traces-obs.*-*"] = ToMap(TemplateBuilder.TraceFields()),
        ["obs-alerts"] = ToMap(TemplateBuilder.AlertFields()),
    };

    public static List<string> Validate(IReadOnlyList<(string File, int Line, string Text)> lines)
    {
        var errors = new List<string>();
        var objects = new Dictionary<(string Type, string Id), JsonObject>();
        foreach (var (file, n, text) in lines)
        {
            JsonObject o;
            try
            {
                o = JsonNode.Parse(text)!.AsObject();
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                errors.Add($"{file}:{n}: not a JSON object: {e.Message}");
                continue;
            }

            var id = o["id"]?.GetValue<string>();
            var type = o["type"]?.GetValue<string>();
            if (id is null || type is null || o["attributes"] is not JsonObject || o["references"] is not JsonArray)
            {
                errors.Add($"{file}:{n}: needs id, type, attributes and references");
                continue;
            }

            if (o["coreMigrationVersion"]?.GetValue<string>() != "8.8.0" || o["typeMigrationVersion"]?.GetValue<string>() is not { } tmv || !SemVer().IsMatch(tmv))
            {
                errors.Add($"{file}:{n}: {type}/{id} needs coreMigrationVersion 8.8.0 and a typeMigrationVersion");
            }

            if (objects.Keys.Any(k => k.Id == id))
            {
                errors.Add($"{file}:{n}: id {id} is used twice");
            }

            objects[(type, id)] = o;
        }

        foreach (var ((type, id), o) in objects)
        {
            var at = $"{type}/{id} ({o["attributes"]?["title"]})";
            foreach (var r in o["references"]!.AsArray())
            {
                var key = (r!["type"]!.GetValue<string>(), r["id"]!.GetValue<string>());
                if (!objects.ContainsKey(key))
                {
                    errors.Add($"{at}: reference {key} is not in dashboards/");
                }
            }

            switch (type)
            {
                case "dashboard":
                    Dashboard(o, at, errors);
                    break;
                case "lens":
                    Lens(o, objects, at, errors);
                    break;
                case "search":
                    Search(o, objects, at, errors);
                    break;
                case "index-pattern":
                    if (!FieldsByDataView.ContainsKey(o["attributes"]!["title"]!.GetValue<string>()))
                    {
                        errors.Add($"{at}: data view matches none of our templates");
                    }

                    break;
            }
        }

        return errors;
    }

    private static void Dashboard(JsonObject o, string at, List<string> errors)
    {
        var refs = o["references"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToHashSet();
        var panels = JsonNode.Parse(o["attributes"]!["panelsJSON"]!.GetValue<string>())!.AsArray();
        var cells = new HashSet<(int, int)>();
        foreach (var p in panels)
        {
            var index = p!["panelIndex"]!.GetValue<string>();
            var refName = p["panelRefName"]?.GetValue<string>();
            if (refName is null || !refs.Contains($"{index}:{refName}"))
            {
                errors.Add($"{at}: panel {index} has no matching reference");
            }

            var g = p["gridData"]!;
            int x = g["x"]!.GetValue<int>(), y = g["y"]!.GetValue<int>(), w = g["w"]!.GetValue<int>(), h = g["h"]!.GetValue<int>();
            if (x < 0 || w <= 0 || x + w > 48 || g["i"]!.GetValue<string>() != index)
            {
                errors.Add($"{at}: panel {index} is outside the 48-column grid");
            }

            for (var cx = x; cx < x + w; cx++)
            {
                for (var cy = y; cy < y + h; cy++)
                {
                    if (!cells.Add((cx, cy)))
                    {
                        errors.Add($"{at}: panel {index} overlaps another at ({cx},{cy})");
                        cx = x + w;
                        break;
                    }
                }
            }
        }
    }

    private static void Lens(JsonObject o, Dictionary<(string, string), JsonObject> objects, string at, List<string> errors)
    {
        var state = o["attributes"]!["state"]!;
        var layers = state["datasourceStates"]!["formBased"]!["layers"]!.AsObject();
        var refs = o["references"]!.AsArray();
        foreach (var (layerId, layer) in layers)
        {
            var r = refs.FirstOrDefault(x => x!["name"]!.GetValue<string>() == $"indexpattern-datasource-layer-{layerId}");
            if (r is null)
            {
                errors.Add($"{at}: layer {layerId} has no data view reference");
                continue;
            }

            var fields = DataViewFields(objects, r["id"]!.GetValue<string>(), at, errors);
            var columns = layer!["columns"]!.AsObject();
            var order = layer["columnOrder"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            if (!order.ToHashSet().SetEquals(columns.Select(c => c.Key)))
            {
                errors.Add($"{at}: columnOrder and columns differ");
            }

            foreach (var (colId, col) in columns)
            {
                var op = col!["operationType"]!.GetValue<string>();
                var field = col["sourceField"]?.GetValue<string>();
                foreach (var dep in col["references"] as JsonArray ?? [])
                {
                    if (!columns.ContainsKey(dep!.GetValue<string>()))
                    {
                        errors.Add($"{at}: column {colId} references a missing column");
                    }
                }

                if (col["params"]?["orderBy"]?["columnId"]?.GetValue<string>() is { } orderCol && !columns.ContainsKey(orderCol))
                {
                    errors.Add($"{at}: terms column {colId} orders by a missing column");
                }

                if (col["filter"]?["query"]?.GetValue<string>() is { } filter)
                {
                    Query(filter, fields, at, errors);
                }

                if (field is null || field == "___records___" || fields is null)
                {
                    continue;
                }

                if (!fields.TryGetValue(field, out var f))
                {
                    errors.Add($"{at}: field {field} is not in the data view's templates");
                }
                else if (!Fits(op, f))
                {
                    errors.Add($"{at}: {op} does not fit {field} ({f.Type})");
                }
            }

            foreach (var accessor in Accessors(state["visualization"]!))
            {
                if (!columns.ContainsKey(accessor))
                {
                    errors.Add($"{at}: the visualization uses column {accessor} that the layer lacks");
                }
            }

            Query(state["query"]?["query"]?.GetValue<string>() ?? "", fields, at, errors);
        }
    }

    private static void Search(JsonObject o, Dictionary<(string, string), JsonObject> objects, string at, List<string> errors)
    {
        var source = JsonNode.Parse(o["attributes"]!["kibanaSavedObjectMeta"]!["searchSourceJSON"]!.GetValue<string>())!;
        var refName = source["indexRefName"]?.GetValue<string>();
        var r = o["references"]!.AsArray().FirstOrDefault(x => x!["name"]!.GetValue<string>() == refName);
        if (r is null)
        {
            errors.Add($"{at}: indexRefName has no reference");
            return;
        }

        var fields = DataViewFields(objects, r["id"]!.GetValue<string>(), at, errors);
        foreach (var c in o["attributes"]!["columns"]!.AsArray())
        {
            if (fields is not null && !fields.ContainsKey(c!.GetValue<string>()))
            {
                errors.Add($"{at}: column {c} is not in the data view's templates");
            }
        }

        Query(source["query"]?["query"]?.GetValue<string>() ?? "", fields, at, errors);
    }

    private static Dictionary<string, ObsField>? DataViewFields(Dictionary<(string, string), JsonObject> objects, string id, string at, List<string> errors)
    {
        if (!objects.TryGetValue(("index-pattern", id), out var view))
        {
            errors.Add($"{at}: data view {id} not found");
            return null;
        }

        return FieldsByDataView.GetValueOrDefault(view["attributes"]!["title"]!.GetValue<string>());
    }

    private static void Query(string kql, Dictionary<string, ObsField>? fields, string at, List<string> errors)
    {
        foreach (Match m in KqlField().Matches(kql))
        {
            var name = m.Groups[1].Value;
            if (fields is not null && !fields.ContainsKey(name))
            {
                errors.Add($"{at}: query field {name} is not in the data view's templates");
            }
        }
    }

    private static IEnumerable<string> Accessors(JsonNode vis)
    {
        foreach (var key in new[] { "metricAccessor", "xAccessor", "splitAccessor" })
        {
            if (vis[key]?.GetValue<string>() is { } a)
            {
                yield return a;
            }
        }

        foreach (var layer in vis["layers"] as JsonArray ?? [])
        {
            foreach (var a in Accessors(layer!))
            {
                yield return a;
            }

            foreach (var a in layer!["accessors"] as JsonArray ?? [])
            {
                yield return a!.GetValue<string>();
            }
        }

        foreach (var c in vis["columns"] as JsonArray ?? [])
        {
            yield return c!["columnId"]!.GetValue<string>();
        }
    }

    private static bool Fits(string op, ObsField f) => op switch
    {
        _ when NumericOps.Contains(op) => f.IsNumeric,
        "date_histogram" => f.Type == "date",
        "terms" or "unique_count" or "last_value" => !f.IsText || f.Type == "wildcard",
        _ => true,
    };

    private static Dictionary<string, ObsField> ToMap(IEnumerable<ObsField> fields) => fields.DistinctBy(f => f.Name).ToDictionary(f => f.Name);

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemVer();

    [GeneratedRegex(@"([A-Za-z_@][A-Za-z0-9_.@]*)\s*:")]
    private static partial Regex KqlField();
}
