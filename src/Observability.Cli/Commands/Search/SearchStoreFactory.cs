using Observability.Query.Elasticsearch;
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
    public const string UpMarkerFile = "obs-up.json";

    public static async Task<OpenedStore> OpenAsync(string dataDirectory, string? esUrl, KqlOptions kql)
    {
        if (!string.IsNullOrWhiteSpace(esUrl))
        {
            var options = new ElasticsearchOptions();
            options.AddUrls(esUrl);
            var es = ElasticsearchStore.Create(options, translateKql: text => EsQueryTranslator.Translate(KqlParser.Parse(text), new EsTranslationOptions { Kql = kql }));
            return new OpenedStore(es.Search, async () => await es.DisposeAsync());
        }

        var path = Path.Combine(dataDirectory, DuckDbOptions.DefaultFileName);
        try
        {
            var store = DuckDbSearchStore.OpenFile(path, readOnly: true, kql);
            return new OpenedStore(store, () => { store.Dispose(); return ValueTask.CompletedTask; });
        }
        catch (InvalidOperationException) when (File.Exists(Path.Combine(dataDirectory, UpMarkerFile)))
        {
            // TODO(foundation): search through obs up's QueryApiClient (ISearchStore over the loopback API) once it lands.
            await Task.CompletedTask;
            throw new InvalidOperationException($"`obs up` is running and owns {path}; searching through its query API is not available in this build yet. Stop `obs up` or search a copy of the data directory.");
        }
    }
}

internal sealed class OpenedStore(ISearchStore store, Func<ValueTask> dispose) : IAsyncDisposable
{
    public ISearchStore Store { get; } = store;

    public IAggregatingSearchStore? Aggregating => Store as IAggregatingSearchStore;

    public ValueTask DisposeAsync() => dispose();
}
