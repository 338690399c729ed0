using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// Installs the ILM policies, templates and the alerts index behind its rollover alias. Idempotent: each resource is read
/// first and PUT only when its installed <c>_meta.obs.hash</c> differs from ours, so a second run sends no PUT at all.
/// A plain <c>obs-alerts</c> index (made by versions before the alias, or auto-created by a write before setup) stops
/// setup with the steps that turn it into the alias' first index (docs/deployment.md); setup never moves or deletes data.
/// </summary>
public sealed class ElasticsearchSetup(ElasticsearchConnection connection, ElasticsearchOptions options, ILogger<ElasticsearchSetup>? logger = null)
{
    private readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;

    public async Task<IReadOnlyList<SetupOutcome>> ApplyAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<SetupOutcome>();
        foreach (var resource in TemplateBuilder.Plan(options))
        {
            var (exists, hash) = await InstalledAsync(resource, cancellationToken);
            if (exists && hash == resource.Hash)
            {
                outcomes.Add(new SetupOutcome(resource.Kind, resource.Name, SetupAction.Unchanged));
                continue;
            }

            await PutAsync(resource, exists, cancellationToken);
            var action = exists ? SetupAction.Updated : SetupAction.Created;
            _log.LogInformation("{Action} {Kind} {Name}", action, resource.Kind, resource.Name);
            outcomes.Add(new SetupOutcome(resource.Kind, resource.Name, action));
        }

        return outcomes;
    }

    private async Task<(bool Exists, string? Hash)> InstalledAsync(SetupResource r, CancellationToken ct)
    {
        // An index is read through its alias (r.Name): the answer is keyed by the concrete indices behind it.
        var path = r.Kind == SetupKind.Index ? $"/{r.Name}" : r.Path;
        var response = await connection.SendAsync(HttpMethod.Get, path, null, "application/json", ct);
        if (response.StatusCode == 404)
        {
            return (false, null);
        }

        Ensure(response, $"GET {r.Kind} {r.Name}:", path);
        var json = response.Json;
        var meta = r.Kind switch
        {
            SetupKind.LifecyclePolicy => json?[r.Name]?["policy"]?["_meta"],
            SetupKind.ComponentTemplate => First(json?["component_templates"])?["component_template"]?["_meta"],
            SetupKind.IndexTemplate => First(json?["index_templates"])?["index_template"]?["_meta"],
            SetupKind.Index => WriteIndex(json, r.Name)?["mappings"]?["_meta"],
            _ => null,
        };
        return (true, meta?["obs"]?["hash"]?.GetValue<string>());
    }

    private async Task PutAsync(SetupResource r, bool exists, CancellationToken ct)
    {
        // An existing index gets its mapping updated (additive) through the alias, so every index behind it has the
        // fields the dashboards read; everything else is replaced by PUT.
        var (path, body) = r.Kind == SetupKind.Index && exists
            ? ($"/{r.Name}/_mapping", (JsonObject)r.Body["mappings"]!)
            : (r.Path, r.Body);
        var response = await connection.SendJsonAsync(HttpMethod.Put, path, body.ToJsonString(), ct);
        Ensure(response, $"PUT {r.Kind} {r.Name}:", path);
    }

    /// <summary>The alias' write index in a <c>GET /{alias}</c> answer; a plain index of the alias' name is refused.</summary>
    private static JsonNode? WriteIndex(JsonNode? answer, string alias)
    {
        if (answer is not JsonObject indices)
        {
            return null;
        }

        if (indices.ContainsKey(alias))
        {
            throw new ElasticsearchException(LegacyAlertsIndexMessage(alias), statusCode: null, isTransient: false);
        }

        // With one index an alias writes to it without is_write_index; after rollover exactly one index has it.
        return indices.Count == 1 ? indices.First().Value
            : indices.Select(kv => kv.Value).FirstOrDefault(i => i?["aliases"]?[alias]?["is_write_index"]?.GetValue<bool>() == true);
    }

    /// <summary>
    /// The three requests that turn the plain index into the alias' first index, keeping its documents: block writes,
    /// clone it (a clone copies the write block and takes no template, hence the settings), and swap the old index for
    /// the alias in one atomic <c>_aliases</c> call, so no write can re-create a plain index in between.
    /// </summary>
    internal static string LegacyAlertsIndexMessage(string alias)
    {
        var first = TemplateBuilder.AlertsFirstIndex;
        return $$$"""
            [{{{alias}}}] is a plain index (made by a version before the {{{alias}}} rollover alias, or auto-created by a write before setup), so it would never age out.
            Make it the alias' first index, keeping its documents, then run setup again:
              PUT /{{{alias}}}/_block/write
              POST /{{{alias}}}/_clone/{{{first}}} {"settings":{"index.blocks.write":null,"index.lifecycle.name":"{{{IlmPolicyBuilder.AlertsPolicyName}}}","index.lifecycle.rollover_alias":"{{{alias}}}"}}
              POST /_aliases {"actions":[{"remove_index":{"index":"{{{alias}}}"}},{"add":{"index":"{{{first}}}","alias":"{{{alias}}}","is_write_index":true}}]}
            (or DELETE /{{{alias}}} to drop the old alert copies; the alert store of the detector keeps the lifecycle). See docs/deployment.md.
            """;
    }

    private static JsonNode? First(JsonNode? array) => array is JsonArray { Count: > 0 } a ? a[0] : null;

    private static void Ensure(EsResponse response, string method, string path)
    {
        if (!response.IsSuccess)
        {
            throw new ElasticsearchException($"{method} {path}: HTTP {response.StatusCode} {response.ErrorSummary()}", response.StatusCode, response.IsTransient);
        }
    }
}
