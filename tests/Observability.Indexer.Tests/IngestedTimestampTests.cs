using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Storage.DuckDb;
using Observability.Testing;
using Observability.Testing.DuckDb;
using Observability.Transport.InProcess;

namespace Observability.Indexer.Tests;

/// <summary><c>event.ingested</c>: the indexer stamps every document it stores with the injected clock's time of the write.</summary>
public sealed class IngestedTimestampTests : IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDuckDbStore _db = new();
    private readonly InProcessTransport _transport = new();
    private readonly FakeTimeProvider _time = new(T0.AddTicks(1234567)); // 123.4567 ms past the second: truncated to 123 ms

    private IndexerService Start(Observability.Core.Storage.IDocumentWriter writer)
    {
        var indexer = new IndexerService(
            _transport.CreateConsumer([.. IndexerOptions.DefaultTopics]),
            writer,
            new DuckDbDeadLetterWriter(_db.Store),
            null,
            new IndexerOptions { RetryInitialMs = 1000, RetryMaxMs = 1000, MaxWaitMs = 10 },
            _time,
            NullLogger<IndexerService>.Instance);
        indexer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return indexer;
    }

    private static TransportMessage Message(int n, string topic, DateTimeOffset? producerIngested = null)
    {
        var doc = new EcsDocument { Id = EventIds.From("ingested-test", n), Timestamp = T0.AddMinutes(-n), Message = $"line {n}" };
        doc.Set("host.name", "node-1");
        doc.Set(EcsFields.EventIngested, producerIngested);
        return new TransportMessage(topic, "node-1", EcsJson.ToUtf8(doc));
    }

    private DateTimeOffset StoredIngested(string table, int n) =>
        DateTimeOffset.FromUnixTimeMilliseconds(_db.Store.QueryScalar<long>($"SELECT epoch_ms(ingested) FROM {table} WHERE id = ?", EventIds.From("ingested-test", n)));

    [Fact]
    public async Task Every_stored_document_carries_the_write_time_in_its_column_and_its_json_in_every_table()
    {
        var indexer = Start(new DuckDbWriter(_db.Store, _time));
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Message(1, Topics.Logs), Message(2, Topics.Metrics), Message(3, Topics.Traces)], CancellationToken.None).WaitAsync(Generous);

        var expected = T0.AddMilliseconds(123);
        Assert.Equal(expected, StoredIngested("logs", 1));
        Assert.Equal(expected, StoredIngested("metrics", 2));
        Assert.Equal(expected, StoredIngested("traces", 3));
        Assert.Equal(3, _db.Count("SELECT (SELECT count(*) FROM logs) + (SELECT count(*) FROM metrics) + (SELECT count(*) FROM traces)"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM logs WHERE json_extract_string(doc, '$.event.ingested') = '2026-11-26T08:00:00.1230000Z'"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_value_set_by_the_producer_is_replaced_because_only_the_store_knows_when_the_event_arrived()
    {
        var indexer = Start(new DuckDbWriter(_db.Store, _time));
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Message(1, Topics.Logs, producerIngested: T0.AddDays(-3))], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(T0.AddMilliseconds(123), StoredIngested("logs", 1));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_retried_batch_carries_the_time_of_the_attempt_that_stored_it_and_a_redelivery_keeps_the_first_value()
    {
        var writer = new FlakyWriter(new DuckDbWriter(_db.Store, _time)) { Failing = true };
        var indexer = Start(writer);
        await using var producer = _transport.CreateProducer();

        var produce = producer.ProduceAsync([Message(1, Topics.Logs)], CancellationToken.None);
        await Poll.UntilAsync(() => writer.Attempts >= 1, Generous);
        writer.Failing = false;
        // The retry waits 1 s ±20% on the injected clock; the clock is moved on until the retry has stored the batch.
        await Poll.UntilAsync(() => { _time.Advance(TimeSpan.FromSeconds(2)); return produce.IsCompleted; }, Generous, "the retried batch to be stored");
        await produce.WaitAsync(Generous);
        var stored = StoredIngested("logs", 1);
        Assert.True(stored >= T0.AddMilliseconds(2123), $"stamped {stored:O}, the time of the failed attempt or earlier");
        Assert.True(stored <= _time.GetUtcNow());
        Assert.Equal(123, stored.Millisecond);

        _time.Advance(TimeSpan.FromMinutes(5));
        await producer.ProduceAsync([Message(1, Topics.Logs)], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(stored, StoredIngested("logs", 1));
        Assert.Equal(1, indexer.Telemetry.Value("dropped", "duplicate"));
        await indexer.StopAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _db.Dispose();
        return ValueTask.CompletedTask;
    }
}
