using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Testing.Elasticsearch;

/// <summary>
/// Index templates as Elasticsearch applies them: a new data stream takes the one highest-priority template whose
/// patterns match its name; a PUT of a template that overlaps another of the same priority is refused (HTTP 400); and,
/// as on a fresh Elasticsearch 9 cluster, a <c>logs-*-*</c> stream is LogsDB, whose mappings ignore malformed values
/// unless the template's settings say <c>index.mapping.ignore_malformed: false</c>.
/// </summary>
public sealed partial class FakeElasticsearch
{
    /// <summary>What <c>obs setup elasticsearch</c> installs with default options, built once.</summary>
    private static readonly IReadOnlyList<SetupResource> OurPlan = TemplateBuilder.Plan(new ElasticsearchOptions());

    /// <summary>LogsDB for <c>logs-*-*</c> streams (Elasticsearch 9's default on a new cluster).</summary>
    public bool LogsDbByDefault { get; set; }

    /// <summary>
    /// The templates a cluster shared with Fleet, APM and OpenTelemetry already holds: the built-in <c>logs</c>,
    /// <c>metrics</c> and <c>traces</c> catch-alls (priority 100), Elastic's OTel templates (<c>*.otel</c>, 150), Fleet's
    /// system and nginx integration templates (200; <c>metrics-system.cpu</c> a time series template with its own
    /// dimensions) and APM's (210). Names, patterns and priorities as those products install them.
    /// </summary>
    public void AddSharedClusterTemplates()
    {
        void Add(string name, string[] patterns, int priority, JsonObject? settings = null)
        {
            var body = new JsonObject
            {
                ["index_patterns"] = new JsonArray([.. patterns.Select(p => JsonValue.Create(p))]),
                ["priority"] = priority,
                ["data_stream"] = new JsonObject(),
                ["composed_of"] = new JsonArray(),
            };
            if (settings is not null)
            {
                body["template"] = new JsonObject { ["settings"] = new JsonObject { ["index"] = settings } };
            }

            Resources[$"/_index_template/{name}"] = body;
        }

        Add("logs", ["logs-*-*"], 100);
        Add("metrics", ["metrics-*-*"], 100);
        Add("traces", ["traces-*-*"], 100);
        Add("logs-otel@template", ["logs-*.otel-*"], 150);
        Add("metrics-otel@template", ["metrics-*.otel-*"], 150);
        Add("traces-otel@template", ["traces-*.otel-*"], 150);
        Add("logs-system.syslog", ["logs-system.syslog-*"], 200);
        Add("logs-nginx.access", ["logs-nginx.access-*"], 200);
        Add("metrics-system.cpu", ["metrics-system.cpu-*"], 200,
            new JsonObject { ["mode"] = "time_series", ["routing_path"] = new JsonArray("host.name", "agent.id") });
        Add("metrics-system.network", ["metrics-system.network-*"], 200,
            new JsonObject { ["mode"] = "time_series", ["routing_path"] = new JsonArray("host.name", "system.network.name", "agent.id") });
        Add("traces-apm@template", ["traces-apm-*"], 210);
        Add("logs-apm.error@template", ["logs-apm.error-*"], 210);
        Add("metrics-apm.app@template", ["metrics-apm.app.*-*"], 210);
    }

    /// <summary>The name of the index template a new data stream of this name gets, or null when none matches.</summary>
    public string? TemplateFor(string index) =>
        Templates().Where(t => t.Patterns.Any(p => Glob.Matches(p, index)))
            .OrderByDescending(t => t.Priority).Select(t => t.Name).FirstOrDefault();

    /// <summary>
    /// The index templates in force: those PUT to this fake, or ours as <c>obs setup elasticsearch</c> installs them when
    /// none was (most tests write without running setup first).
    /// </summary>
    private List<(string Name, List<string> Patterns, int Priority, JsonObject Body)> Templates()
    {
        var installed = Resources.Where(r => r.Key.StartsWith("/_index_template/", StringComparison.Ordinal))
            .Select(r => (Name: r.Key["/_index_template/".Length..], Body: r.Value)).ToList();
        if (installed.Count == 0)
        {
            installed = [.. OurPlan.Where(r => r.Kind == SetupKind.IndexTemplate).Select(r => (r.Name, r.Body))];
        }

        return [.. installed.Select(t => (t.Name, t.Body["index_patterns"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(),
            t.Body["priority"]?.GetValue<int>() ?? 0, t.Body))];
    }

    /// <summary>An index setting of the template a stream gets: its own <c>template.settings</c>, then its component templates'.</summary>
    private JsonNode? TemplateSetting(string index, params string[] path)
    {
        if (TemplateFor(index) is not { } name)
        {
            return null;
        }

        var template = Templates().First(t => t.Name == name).Body;
        var sources = new List<JsonNode?> { template["template"] };
        foreach (var c in template["composed_of"] as JsonArray ?? [])
        {
            var component = c!.GetValue<string>();
            sources.Add(Resources.TryGetValue($"/_component_template/{component}", out var stored)
                ? stored["template"]
                : OurPlan.FirstOrDefault(r => r.Name == component)?.Body["template"]);
        }

        foreach (var source in sources)
        {
            var node = source?["settings"]?["index"];
            foreach (var p in path)
            {
                node = node?[p];
            }

            if (node is not null)
            {
                return node;
            }
        }

        return null;
    }

    private bool IsTimeSeries(string index) => TemplateSetting(index, "mode")?.GetValue<string>() == "time_series";

    /// <summary>LogsDB ignores malformed values unless the template turns that off.</summary>
    private bool IgnoresMalformed(string index) =>
        LogsDbByDefault && Glob.Matches("logs-*-*", index) && TemplateSetting(index, "mode") is null
        && TemplateSetting(index, "mapping", "ignore_malformed")?.GetValue<bool>() != false;

    /// <summary>Elasticsearch refuses an index template overlapping another of the same priority.</summary>
    private string? OverlapError(string name, JsonObject body)
    {
        var priority = body["priority"]?.GetValue<int>() ?? 0;
        var patterns = body["index_patterns"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        foreach (var other in Templates().Where(t => t.Name != name && t.Priority == priority))
        {
            if (patterns.Any(p => other.Patterns.Any(o => Glob.Overlap(p, o))))
            {
                return $"index template [{name}] has index patterns [{string.Join(", ", patterns)}] matching patterns from existing templates [{other.Name}] "
                    + $"with patterns ({other.Name} => [{string.Join(", ", other.Patterns)}]) that have the same priority [{priority}]";
            }
        }

        return null;
    }
}
