using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// Installs the ILM policy, templates and the alerts index. Idempotent: each resource is read first and PUT only
/// when its installed <c>_meta.obs.hash</c> differs from ours, so a second run sends no PUT at all.
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
        var path = r.Kind == SetupKind.Index ? $"{r.Path}/_mapping" : r.Path;
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
            SetupKind.Index => json?[r.Name]?["mappings"]?["_meta"],
            _ => null,
        };
        return (true, meta?["obs"]?["hash"]?.GetValue<string>());
    }

    private async Task PutAsync(SetupResource r, bool exists, CancellationToken ct)
    {
        // An existing index gets its mapping updated (additive); everything else is replaced by PUT.
        var (path, body) = r.Kind == SetupKind.Index && exists
            ? ($"{r.Path}/_mapping", (JsonObject)r.Body["mappings"]!)
            : (r.Path, r.Body);
        var response = await connection.SendJsonAsync(HttpMethod.Put, path, body.ToJsonString(), ct);
        Ensure(response, $"PUT {r.Kind} {r.Name}:", path);
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
