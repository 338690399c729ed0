using Microsoft.Extensions.DependencyInjection;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Hosting;
using Observability.Testing.DuckDb;

namespace Observability.Storage.Tests.Hosting;

/// <summary>What <c>obs up</c> registers as the documents' store: one writer and one search, of the chosen back end.</summary>
public sealed class AddDocumentStoreTests : IDisposable
{
    private readonly TemporaryDuckDbStore _db = new();

    [Fact]
    public async Task The_embedded_store_is_the_writer_and_the_search_and_a_written_document_is_found()
    {
        using var search = new DuckDbSearchStore(_db.Store);
        var services = new ServiceCollection().AddDocumentStore(_db.Store, search, new DuckDbWriter(_db.Store, TimeProvider.System));
        await using var provider = services.BuildServiceProvider();

        var writer = provider.GetRequiredService<IDocumentWriter>();
        var doc = new EcsDocument { Timestamp = DateTimeOffset.UtcNow, Message = "registered writer" };
        doc.Set(EcsFields.EventId, "add-document-store-1");
        await writer.WriteAsync([doc], CancellationToken.None);

        Assert.Same(search, provider.GetRequiredService<IAggregatingSearchStore>());
        Assert.Same(search, provider.GetRequiredService<ISearchStore>());
        Assert.Same(_db.Store, provider.GetRequiredService<DuckDbStore>());
        var found = await provider.GetRequiredService<ISearchStore>().SearchAsync(new SearchRequest("\"registered writer\"", CountOnly: true), CancellationToken.None);
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task With_Elasticsearch_its_writer_and_search_answer_and_the_embedded_store_stays_registered()
    {
        var options = new ElasticsearchOptions();
        options.AddUrls("http://127.0.0.1:9200");
        await using var es = ElasticsearchStore.Create(options);
        await using var provider = new ServiceCollection().AddDocumentStore(_db.Store, es).BuildServiceProvider();

        Assert.Same(es.Writer, provider.GetRequiredService<IDocumentWriter>());
        Assert.Same(es.Search, provider.GetRequiredService<IAggregatingSearchStore>());
        Assert.Same(es.Search, provider.GetRequiredService<ISearchStore>());
        Assert.Same(_db.Store, provider.GetRequiredService<DuckDbStore>()); // dead letters, alerts and reports live there in both modes
    }

    public void Dispose() => _db.Dispose();
}
