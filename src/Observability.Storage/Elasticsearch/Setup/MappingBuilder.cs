using System.Text.Json.Nodes;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>Turns catalog fields into an Elasticsearch <c>mappings</c> object (nested <c>properties</c>).</summary>
public static class MappingBuilder
{
    /// <param name="timeSeries">Adds <c>time_series_dimension</c> and <c>time_series_metric</c> (for TSDS templates).</param>
    public static JsonObject Properties(IEnumerable<ObsField> fields, bool timeSeries)
    {
        var root = new JsonObject();
        foreach (var f in fields)
        {
            if (FieldCatalog.FlatObjects.FirstOrDefault(p => f.Name.StartsWith(p + ".", StringComparison.Ordinal)) is { } flat)
            {
                if (root[flat] is not JsonObject holder)
                {
                    // The specification types subobjects as the strings "true"/"false"; Elasticsearch reads either form.
                    holder = new JsonObject { ["type"] = "object", ["subobjects"] = "false", ["properties"] = new JsonObject() };
                    root[flat] = holder;
                }

                holder["properties"]![f.Name[(flat.Length + 1)..]] = Leaf(f, timeSeries);
                continue;
            }

            var parts = f.Name.Split('.');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is not JsonObject obj)
                {
                    obj = new JsonObject { ["properties"] = new JsonObject() };
                    node[parts[i]] = obj;
                }

                node = (JsonObject)obj["properties"]!;
            }

            node[parts[^1]] = Leaf(f, timeSeries);
        }

        return root;
    }

    /// <summary>Unknown strings are keywords; <c>labels.*</c> are keywords (ECS); nothing becomes <c>text</c> by accident.</summary>
    public static JsonArray DynamicTemplates() =>
    [
        new JsonObject
        {
            ["labels_as_keyword"] = new JsonObject
            {
                ["path_match"] = "labels.*",
                ["mapping"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 1024 },
            },
        },
        new JsonObject
        {
            ["strings_as_keyword"] = new JsonObject
            {
                ["match_mapping_type"] = "string",
                ["mapping"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 1024 },
            },
        },
    ];

    private static JsonObject Leaf(ObsField f, bool timeSeries)
    {
        var o = new JsonObject { ["type"] = f.Type };
        if (f.Type == "keyword")
        {
            o["ignore_above"] = 1024;
        }

        if (FieldCatalog.SourceOnly.Contains(f.Name))
        {
            // ECS: kept in _source only.
            o["index"] = false;
            o["doc_values"] = false;
        }

        if (f.ScalingFactor is { } sf)
        {
            o["scaling_factor"] = sf;
        }

        if (f.MetaUnit is { } unit)
        {
            o["meta"] = new JsonObject { ["unit"] = unit };
        }

        if (timeSeries)
        {
            switch (f.Role)
            {
                case FieldRole.Dimension:
                    o["time_series_dimension"] = true;
                    o.Remove("ignore_above");
                    break;
                case FieldRole.Gauge:
                    o["time_series_metric"] = "gauge";
                    break;
                case FieldRole.Counter:
                    o["time_series_metric"] = "counter";
                    break;
                case FieldRole.None:
                    break;
            }
        }

        return o;
    }
}
