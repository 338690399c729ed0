using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Observability.Testing.Elasticsearch;

/// <summary>
/// API keys with role descriptors, enforced as Elasticsearch does for the requests we send: cluster privileges for
/// templates and ILM policies, index privileges for the alerts index, bulk items (per item, 403) and searches. ILM runs
/// its rollover and delete steps with the privileges of the key that last stored the policy, so those are checked too.
/// With no key registered nothing is enforced.
/// </summary>
public sealed partial class FakeElasticsearch
{
    private static readonly Dictionary<string, string[]> IndexImplies = new(StringComparer.Ordinal)
    {
        ["all"] = ["all", "manage", "read", "write", "index", "create", "create_doc", "create_index", "delete_index", "auto_configure", "view_index_metadata"],
        ["manage"] = ["manage", "view_index_metadata", "delete_index"],
        ["write"] = ["write", "index", "create", "create_doc"],
        ["index"] = ["index", "create", "create_doc"],
        ["create"] = ["create", "create_doc"],
    };

    private static readonly Dictionary<string, string[]> ClusterImplies = new(StringComparer.Ordinal)
    {
        ["all"] = ["all", "manage", "monitor", "manage_index_templates", "manage_ilm", "read_ilm"],
        ["manage"] = ["manage", "monitor", "manage_index_templates", "manage_ilm", "read_ilm"],
        ["manage_ilm"] = ["manage_ilm", "read_ilm"],
    };

    /// <summary>Encoded API key → its role descriptor (<c>cluster</c>, <c>indices</c>, <c>applications</c>).</summary>
    public ConcurrentDictionary<string, JsonObject> ApiKeys { get; } = new();

    /// <summary>The role descriptor of the key that last stored the ILM policy: ILM acts with it.</summary>
    private JsonObject? _ilmRunAs;

    /// <summary>
    /// What ILM cannot do on a backing index of <paramref name="stream"/> (a data stream, or a rollover alias with
    /// <paramref name="backingIndex"/>): roll it over, then delete; empty when it can.
    /// </summary>
    public IReadOnlyList<string> IlmMissingPrivileges(string stream, string? backingIndex = null)
    {
        var missing = new List<string>();
        if (_ilmRunAs is null)
        {
            return missing;
        }

        if (!HasIndex(_ilmRunAs, stream, "manage"))
        {
            missing.Add($"rollover of [{stream}] needs [manage]");
        }

        if (backingIndex is not null && !HasIndex(_ilmRunAs, backingIndex, "manage"))
        {
            missing.Add($"rollover and set_priority on [{backingIndex}] need [manage]");
        }

        if (backingIndex is not null ? !HasIndex(_ilmRunAs, backingIndex, "delete_index")
            : !HasIndex(_ilmRunAs, $".ds-{stream}-2026.11.26-000001", "delete_index") && !HasIndex(_ilmRunAs, stream, "delete_index"))
        {
            missing.Add($"delete of [{stream}]'s backing index needs [delete_index]");
        }

        return missing;
    }

    /// <summary>The role descriptor of the request's API key; null when keys are not enforced.</summary>
    private JsonObject? RoleOf(HttpContext ctx, out bool refused)
    {
        refused = false;
        if (ApiKeys.IsEmpty)
        {
            return null;
        }

        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.StartsWith("ApiKey ", StringComparison.Ordinal) && ApiKeys.TryGetValue(header["ApiKey ".Length..], out var role))
        {
            return role;
        }

        refused = true;
        return null;
    }

    /// <summary>The privilege a request (other than bulk, checked per item) lacks, or null when it is allowed.</summary>
    private static string? Unauthorized(JsonObject role, string method, string path, string body)
    {
        var segments = path.Trim('/').Split('/');
        string? Cluster(string privilege) => HasCluster(role, privilege) ? null : $"cluster privilege [{privilege}]";
        string? Index(string index, string privilege) => HasIndex(role, index, privilege) ? null : $"index privilege [{privilege}] on [{index}]";
        return segments switch
        {
            [""] => null,
            ["_index_template" or "_component_template", _] => Cluster("manage_index_templates"),
            ["_ilm", "policy", _] => Cluster(method == "PUT" ? "manage_ilm" : "read_ilm"),
            [var targets, "_search" or "_count"] => targets.Split(',').Select(t => CanRead(role, t) ? null : $"index privilege [read] on [{t}]").FirstOrDefault(x => x is not null),
            [var index, "_mapping"] => Index(index, method == "PUT" ? "manage" : "view_index_metadata"),
            // Creating an index with an alias also needs manage on the alias.
            [var index] when method == "PUT" => Index(index, "create_index")
                ?? (JsonNode.Parse(body)?["aliases"] as JsonObject ?? []).Select(a => Index(a.Key, "manage")).FirstOrDefault(x => x is not null),
            [var index] when method == "GET" && !index.StartsWith('_') => Index(index, "view_index_metadata"),
            _ => null,
        };
    }

    /// <summary>The privilege one bulk item lacks: <c>create_doc</c> (and <c>auto_configure</c> for a new stream), <c>index</c> for the alerts index.</summary>
    private string? UnauthorizedItem(JsonObject role, string op, string index)
    {
        var privilege = op == "create" ? "create_doc" : "index";
        if (!HasIndex(role, index, privilege))
        {
            return privilege;
        }

        var exists = Documents.Keys.Any(k => k.StartsWith(index + "/", StringComparison.Ordinal)) || Concrete(index).Count > 0;
        return exists || HasIndex(role, index, "auto_configure") || HasIndex(role, index, "create_index") ? null : "auto_configure";
    }

    private static bool HasCluster(JsonObject role, string privilege) =>
        (role["cluster"] as JsonArray ?? []).Select(p => p!.GetValue<string>())
            .Any(p => p == privilege || (ClusterImplies.TryGetValue(p, out var implied) && implied.Contains(privilege)));

    private static bool HasIndex(JsonObject role, string index, string privilege) =>
        Grants(role).Any(g => g.Names.Any(n => Glob.Matches(n, index)) && g.Privileges.Contains(privilege));

    /// <summary>A search target (perhaps a pattern): some index it may name is readable (Elasticsearch narrows a pattern to what may be read).</summary>
    private static bool CanRead(JsonObject role, string target) =>
        Grants(role).Any(g => g.Names.Any(n => Glob.Overlap(n, target)) && g.Privileges.Contains("read"));

    private static IEnumerable<(List<string> Names, HashSet<string> Privileges)> Grants(JsonObject role) =>
        (role["indices"] as JsonArray ?? []).Select(g => (
            g!["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList(),
            g["privileges"]!.AsArray().Select(p => p!.GetValue<string>())
                .SelectMany(p => IndexImplies.TryGetValue(p, out var implied) ? implied : [p]).ToHashSet(StringComparer.Ordinal)));

    private static JsonObject SecurityError(string what) => new()
    {
        ["error"] = Error("security_exception", $"action is unauthorized for API key, this action is granted by the {what}"),
        ["status"] = 403,
    };
}
