using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Observability.Storage.Elasticsearch.Bulk;
using Observability.Storage.Elasticsearch.Http;
using Observability.Storage.Elasticsearch.Search;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Storage.Elasticsearch;

/// <summary>
/// The Elasticsearch store in one object: one connection shared by the bulk writer (<c>IDocumentWriter</c>),
/// the search store (<c>ISearchStore</c>) and setup. <c>obs up --es</c> and <c>obs search --es</c> build it with
/// <c>Create</c>; hosted services use <see cref="ElasticsearchServiceCollectionExtensions.AddElasticsearchStore"/>.
/// </summary>
public sealed class ElasticsearchStore : IAsyncDisposable
{
    private ElasticsearchStore(ElasticsearchOptions options, ElasticsearchConnection connection, TimeProvider time, ILoggerFactory? loggers, Func<string, JsonObject> translateKql)
    {
        Options = options;
        Connection = connection;
        Writer = new BulkWriter(connection, options, time, loggers?.CreateLogger<BulkWriter>());
        Search = new EsSearchStore(connection, translateKql);
        Setup = new ElasticsearchSetup(connection, options, loggers?.CreateLogger<ElasticsearchSetup>());
    }

    public ElasticsearchOptions Options { get; }

    public ElasticsearchConnection Connection { get; }

    public BulkWriter Writer { get; }

    public EsSearchStore Search { get; }

    public ElasticsearchSetup Setup { get; }

    /// <summary>
    /// Options come first from the arguments, then from <c>OBS_ES_*</c>; they are validated here (fail fast,
    /// naming the bad key). <paramref name="translateKql"/> defaults to the KQL → Query DSL translator.
    /// </summary>
    public static ElasticsearchStore Create(ElasticsearchOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggers = null, Func<string, JsonObject>? translateKql = null, HttpMessageHandler? handler = null)
    {
        options.ApplyEnvironment();
        options.Validate();
        var connection = new ElasticsearchConnection(options, handler);
        return new ElasticsearchStore(options, connection, timeProvider ?? TimeProvider.System, loggers, translateKql ?? KqlTranslation.ToQueryDsl);
    }

    /// <summary>Shorthand for the CLI: <c>ElasticsearchStore.Create("https://es:9200", apiKey)</c>, the rest from the environment.</summary>
    public static ElasticsearchStore Create(string? urls, string? apiKey = null, TimeProvider? timeProvider = null, ILoggerFactory? loggers = null)
    {
        var options = new ElasticsearchOptions { ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey };
        options.AddUrls(urls);
        return Create(options, timeProvider, loggers);
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Connection.Dispose();
    }
}
