using Microsoft.Extensions.DependencyInjection;
using Observability.Core.Storage;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;

namespace Observability.Storage.Hosting;

/// <summary>
/// Registers where the documents live, in one call: <c>services.AddDocumentStore(embedded, search, writer)</c> for the
/// embedded store or <c>services.AddDocumentStore(embedded, elasticsearch)</c> on a cluster. Consumers ask for
/// <see cref="IDocumentWriter"/> (the indexer) and <see cref="IAggregatingSearchStore"/>/<see cref="ISearchStore"/>
/// (the query API, the web console) and never learn which one answers. The embedded <see cref="DuckDbStore"/> is
/// registered in both modes: dead letters, alerts and stored reports live there either way.
/// </summary>
/// <remarks>
/// The stores are registered as instances the caller opened (and disposes after the host), because they are opened
/// before the host is built: a store that cannot be opened must fail the start before any service is composed.
/// </remarks>
public static class StoreServiceCollectionExtensions
{
    /// <summary>The embedded store holds the documents: its search and writer.</summary>
    public static IServiceCollection AddDocumentStore(this IServiceCollection services, DuckDbStore embedded, DuckDbSearchStore search, DuckDbWriter writer)
    {
        services.AddSingleton(embedded);
        services.AddSingleton(search);
        return Add(services, search, writer);
    }

    /// <summary>Elasticsearch holds the documents; the embedded store keeps dead letters, alerts and stored reports.</summary>
    public static IServiceCollection AddDocumentStore(this IServiceCollection services, DuckDbStore embedded, ElasticsearchStore elasticsearch)
    {
        services.AddSingleton(embedded);
        services.AddSingleton(elasticsearch);
        return Add(services, elasticsearch.Search, elasticsearch.Writer);
    }

    private static IServiceCollection Add(IServiceCollection services, IAggregatingSearchStore search, IDocumentWriter writer)
    {
        services.AddSingleton(search);
        services.AddSingleton<ISearchStore>(search);
        services.AddSingleton(writer);
        return services;
    }
}
