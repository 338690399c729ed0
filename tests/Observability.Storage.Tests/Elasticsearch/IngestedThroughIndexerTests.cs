using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Indexer;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.DuckDb;
using Observability.Testing.Elasticsearch;
using Observability.Transport.InProcess;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>The Elasticsearch path of the indexer (<c>obs up --es</c>): every document it sends carries <c>event.ingested</c>.</summary>
public sealed class IngestedThroughIndexerTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public async Task Each_bulk_document_carries_the_time_of_the_write_from_the_injected_clock_replacing_a_producers_value()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 7, 250, TimeSpan.Zero));
        var options = new ElasticsearchOptions();
        options.Urls.Add(_es.Url);
        await using var store = ElasticsearchStore.Create(options, time, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
        using var deadLetters = new TemporaryDuckDbStore();
        var transport = new InProcessTransport();
        var indexer = new IndexerService(transport.CreateConsumer([.. IndexerOptions.DefaultTopics]), store.Writer, new DuckDbDeadLetterWriter(deadLetters.Store),
            null, new IndexerOptions { MaxWaitMs = 10 }, time, NullLogger<IndexerService>.Instance);
        await indexer.StartAsync(CancellationToken.None);
        await using var producer = transport.CreateProducer();
        var docs = Enumerable.Range(0, 10).Select(i => Docs.Log(i)).ToList();
        docs[3].Set("event.ingested", "2020-01-01T00:00:00Z");

        await producer.ProduceAsync([.. docs.Select(d => new TransportMessage(Topics.Logs, "node-1", EcsJson.ToUtf8(d)))], CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));
        await indexer.StopAsync(CancellationToken.None);

        Assert.Equal(10, _es.Documents.Count);
        Assert.All(_es.Documents.Values, d => Assert.Equal("2026-11-26T12:00:07.2500000Z", d["event"]!["ingested"]!.GetValue<string>()));
    }
}
