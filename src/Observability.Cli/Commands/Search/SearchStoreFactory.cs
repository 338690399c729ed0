using Observability.Api.Query;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;

namespace Observability.Cli.Commands.Search;

/// <summary>
/// Picks the store a search runs against: Elasticsearch with <c>--es URL</c>; otherwise the embedded store
/// under <c>--data</c>, opened read-only. While <c>obs up</c> runs it owns the DuckDB file (DuckDB allows one
/// writing process), and searches must go through its loopback query API (<c>&lt;data&gt;/obs-up.json</c>).
/// </summary>
internal static class SearchStoreFactory
{
    public static async Task<OpenedStore> OpenAsync(string dataDirectory, string? esUrl, KqlOptions kql)
    {
        if (!string.IsNullOrWhiteSpace(esUrl))
        {
            var options = new ElasticsearchOptions();
            options.AddUrls(esUrl);
            // The default translation takes each field's kind from the mappings our index templates install.
            var es = ElasticsearchStore.Create(options, translateKql: KqlTranslation.InTimeZone(kql.TimeZone));
            return new OpenedStore(es.Search, async () => await es.DisposeAsync());
        }

        // A running `obs up` owns the file: search through its loopback query API.
        var api = await Task.Run(() => QueryApiClient.TryConnect(dataDirectory));
        if (api is not null)
        {
            return new OpenedStore(api, () => { api.Dispose(); return ValueTask.CompletedTask; });
        }

        var path = Path.Combine(dataDirectory, DuckDbOptions.DefaultFileName);
        var store = DuckDbSearchStore.OpenFile(path, readOnly: true, kql);
        return new OpenedStore(store, () => { store.Dispose(); return ValueTask.CompletedTask; });
    }
}

internal sealed class OpenedStore(ISearchStore store, Func<ValueTask> dispose) : IAsyncDisposable
{
    public ISearchStore Store { get; } = store;

    public IAggregatingSearchStore? Aggregating => Store as IAggregatingSearchStore;

    public ValueTask DisposeAsync() => dispose();
}
