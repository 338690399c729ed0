using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>The mapped fields against ECS, and the catalog against itself.</summary>
public sealed class FieldCatalogTests
{
    [Fact]
    public void Every_mapped_field_that_ECS_defines_has_the_ECS_type()
    {
        var ecs = EcsSpec.FieldTypes;
        Assert.True(ecs.Count > 2000, $"ECS has {ecs.Count} fields: the spec file was not read");
        var checkedCount = 0;
        var mismatches = new List<string>();
        foreach (var f in FieldCatalog.All)
        {
            if (ecs.TryGetValue(f.Name, out var type))
            {
                checkedCount++;
                if (type != f.Type)
                {
                    mismatches.Add($"{f.Name}: ours {f.Type}, ECS {type}");
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.True(checkedCount > 50, $"only {checkedCount} fields were ECS fields");
    }

    [Fact]
    public void Every_field_in_the_installed_mappings_that_ECS_defines_has_the_ECS_type()
    {
        // The same check on what we actually send, so a template built from elsewhere cannot slip through.
        var mismatches = new List<string>();
        foreach (var resource in TemplateBuilder.Plan(new ElasticsearchOptions()))
        {
            var mappings = resource.Body["template"]?["mappings"] ?? resource.Body["mappings"];
            if (mappings?["properties"] is System.Text.Json.Nodes.JsonObject props)
            {
                foreach (var (name, type) in Leaves(props, null))
                {
                    if (EcsSpec.FieldTypes.TryGetValue(name, out var ecsType) && ecsType != type)
                    {
                        mismatches.Add($"{resource.Name}: {name} is {type}, ECS says {ecsType}");
                    }
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void A_field_name_has_one_type_and_no_field_is_both_a_leaf_and_an_object()
    {
        var byName = FieldCatalog.All.GroupBy(f => f.Name).Where(g => g.Select(f => f.Type).Distinct().Count() > 1).Select(g => g.Key);
        Assert.Empty(byName);
        var names = FieldCatalog.All.Select(f => f.Name).ToHashSet();
        Assert.DoesNotContain(names, n => names.Any(o => o.StartsWith(n + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ratios_are_scaled_floats_and_time_series_dimensions_are_keywords_or_numbers()
    {
        Assert.All(FieldCatalog.All.Where(f => f.Name.EndsWith(".pct", StringComparison.Ordinal)), f => Assert.Equal("scaled_float", f.Type));
        Assert.All(TemplateBuilder.TimeSeriesFields().Where(f => f.Role == FieldRole.Dimension), f => Assert.True(f.Type is "keyword" or "long", f.Name));
        Assert.Contains(TemplateBuilder.TimeSeriesFields(), f => f.Name == "host.name" && f.Role == FieldRole.Dimension);
        Assert.Contains(TemplateBuilder.TimeSeriesFields(), f => f.Name == "gpu.uuid" && f.Role == FieldRole.Dimension);
    }

    private static IEnumerable<(string Name, string Type)> Leaves(System.Text.Json.Nodes.JsonObject props, string? prefix)
    {
        foreach (var (k, v) in props)
        {
            var name = prefix is null ? k : $"{prefix}.{k}";
            if (v?["properties"] is System.Text.Json.Nodes.JsonObject child)
            {
                foreach (var x in Leaves(child, name))
                {
                    yield return x;
                }
            }
            else
            {
                yield return (name, v!["type"]!.GetValue<string>());
            }
        }
    }
}
