using Microsoft.Extensions.Configuration;
using Observability.Core.Transport;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;

namespace Observability.Cli.Up;

/// <summary>
/// What <c>obs up</c> shares with every service it hosts (registered as a singleton): the loaded configuration, the
/// data directory, the transport, the embedded store and a search store over it. Area services take what they need.
/// </summary>
public sealed class UpContext
{
    public required IConfiguration Configuration { get; init; }

    public required string DataDirectory { get; init; }

    public required IMessageTransport Transport { get; init; }

    public required DuckDbStore Store { get; init; }

    public required ISearchStore Search { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>The Elasticsearch connection with <c>obs up --es</c> (documents are there, not in <see cref="Store"/>); null otherwise.</summary>
    public Observability.Storage.Elasticsearch.Http.ElasticsearchConnection? Elasticsearch { get; init; }

    /// <summary>The Elasticsearch bulk writer with <c>obs up --es</c> (the detector writes alert documents into <c>obs-alerts</c> with it); null otherwise.</summary>
    public Observability.Core.Storage.IDocumentWriter? ElasticsearchWriter { get; init; }

    /// <summary>The services this process runs (<c>--roles</c>); all by default.</summary>
    public UpRoles Roles { get; init; } = UpRoles.All;

    /// <summary><c>obs up --demo</c>: areas add their sample workload (a demo training job).</summary>
    public bool Demo { get; init; }
}
