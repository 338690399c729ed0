using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// One thing <c>obs setup elasticsearch</c> installs: a PUT of <see cref="Body"/> to <see cref="Path"/>. The body
/// carries <c>_meta.obs.hash</c>, a hash of its own content, so a second run reads the installed resource,
/// finds the same hash and sends nothing.
/// </summary>
public sealed class SetupResource
{
    public SetupResource(SetupKind kind, string name, string path, JsonObject body, Func<JsonObject, JsonObject> metaHolder)
    {
        Kind = kind;
        Name = name;
        Path = path;
        Hash = ContentHash(body);
        // _meta values are objects (the specification's Metadata is a map of objects).
        metaHolder(body)["_meta"] = new JsonObject { ["obs"] = new JsonObject { ["managed"] = true, ["hash"] = Hash } };
        Body = body;
    }

    public SetupKind Kind { get; }

    public string Name { get; }

    /// <summary>Where to PUT the body (and, for most kinds, where to GET the installed one).</summary>
    public string Path { get; }

    public JsonObject Body { get; }

    public string Hash { get; }

    public static string ContentHash(JsonNode body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())))[..16];
}

public enum SetupKind
{
    LifecyclePolicy,
    ComponentTemplate,
    IndexTemplate,
    Index,
}
