using System.Text.Json.Nodes;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>dashboards/*.ndjson: parse, unique ids, resolvable references, and fields our templates map.</summary>
public sealed class DashboardValidationTests
{
    private static List<(string File, int Line, string Text)> Lines() =>
        [.. Directory.GetFiles(RepoPaths.Dashboards, "*.ndjson").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllLines(f).Select((text, i) => (Path.GetFileName(f), i + 1, text)))
            .Where(l => !string.IsNullOrWhiteSpace(l.text))];

    [Fact]
    public void Every_saved_object_is_valid_and_uses_only_mapped_fields()
    {
        var lines = Lines();
        Assert.True(lines.Count >= 40, $"only {lines.Count} saved objects");

        var errors = SavedObjectValidator.Validate(lines);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void The_dashboards_the_issue_names_are_there_with_their_data_views()
    {
        var objects = Lines().Select(l => JsonNode.Parse(l.Text)!).ToList();
        var dashboards = objects.Where(o => o["type"]!.GetValue<string>() == "dashboard").Select(o => o["attributes"]!["title"]!.GetValue<string>()).ToList();
        var views = objects.Where(o => o["type"]!.GetValue<string>() == "index-pattern").Select(o => o["attributes"]!["title"]!.GetValue<string>()).ToList();

        Assert.Equal(["[obs] Alerts and anomalies", "[obs] Cluster overview", "[obs] GPU fleet", "[obs] Logs", "[obs] Node metrics", "[obs] Self-monitoring", "[obs] Training runs"], dashboards.Order(StringComparer.Ordinal));
        Assert.Equal(["logs-obs.*-*", "metrics-obs.*-*", "obs-alerts", "traces-obs.*-*"], views.Order(StringComparer.Ordinal));
        Assert.Contains(objects, o => o["type"]!.GetValue<string>() == "search");
    }

    /// <summary>Data view id → title (the index pattern a panel searches).</summary>
    internal static Dictionary<string, string> DataViewTitles() =>
        Lines().Select(l => JsonNode.Parse(l.Text)!).Where(o => o["type"]!.GetValue<string>() == "index-pattern")
            .ToDictionary(o => o["id"]!.GetValue<string>(), o => o["attributes"]!["title"]!.GetValue<string>());

    /// <summary>Every Lens panel with the search it makes (target pattern and body).</summary>
    internal static List<(string Title, string Target, JsonObject Body)> PanelSearches()
    {
        var views = DataViewTitles();
        return [.. Lines().Select(l => JsonNode.Parse(l.Text)!.AsObject()).Where(o => o["type"]!.GetValue<string>() == "lens")
            .Select(o => (o["attributes"]!["title"]!.GetValue<string>(), LensPanelSearch.For(o, views)))
            .Select(x => (x.Item1, x.Item2.Target, x.Item2.Body))];
    }

    [Fact]
    public void Every_panels_search_matches_the_specification()
    {
        var searches = PanelSearches();
        Assert.True(searches.Count >= 30, $"{searches.Count} panels");

        foreach (var (title, target, body) in searches)
        {
            var errors = OpenApiValidator.Instance.Validate(body, OpenApiValidator.Instance.RequestBody("search"));
            Assert.True(errors.Count == 0, $"{title} on {target}:\n{string.Join("\n", errors)}\n{body.ToJsonString()}");
        }
    }

    [Fact]
    public void The_validator_catches_a_missing_reference_an_unmapped_field_and_a_wrong_type()
    {
        // A control: break copies of real objects and expect the validator to say so.
        var lines = Lines();
        var lensLine = lines.First(l => l.Text.Contains("\"type\": \"lens\"", StringComparison.Ordinal) && l.Text.Contains("gpu.temperature.celsius", StringComparison.Ordinal));
        var unmapped = lensLine.Text.Replace("gpu.temperature.celsius", "gpu.temp", StringComparison.Ordinal);
        var wrongType = lensLine.Text.Replace("gpu.temperature.celsius", "gpu.name", StringComparison.Ordinal);
        var dashboardLine = lines.First(l => l.Text.Contains("\"type\": \"dashboard\"", StringComparison.Ordinal));
        var dangling = JsonNode.Parse(dashboardLine.Text)!;
        dangling["references"]![0]!["id"] = "no-such-object";

        List<(string, int, string)> With(string file, string text) => [.. lines.Where(l => l != lensLine && l != dashboardLine), (file, 1, text)];

        Assert.Contains(SavedObjectValidator.Validate(With("x", unmapped)), e => e.Contains("gpu.temp is not in", StringComparison.Ordinal));
        Assert.Contains(SavedObjectValidator.Validate(With("x", wrongType)), e => e.Contains("does not fit gpu.name", StringComparison.Ordinal));
        Assert.Contains(SavedObjectValidator.Validate(With("x", dangling.ToJsonString())), e => e.Contains("no-such-object", StringComparison.Ordinal));
        Assert.Contains(SavedObjectValidator.Validate([.. lines, lines[0]]), e => e.Contains("used twice", StringComparison.Ordinal));
    }
}
