using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Storage;
using Observability.Core.Transport;
using Observability.Storage.DuckDb;
using Observability.Testing;
using Observability.Testing.DuckDb;
using Observability.Transport.InProcess;

namespace Observability.Indexer.Tests;

public sealed class IndexerServiceTests : IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly TemporaryDuckDbStore _db = new();
    private readonly InProcessTransport _transport = new();
    private readonly IndexerOptions _options = new() { RetryInitialMs = 5, RetryMaxMs = 20, MaxWaitMs = 10 };

    private IndexerService Start(IDocumentWriter writer, IEnumerable<IDocumentProcessor>? processors = null)
    {
        var indexer = new IndexerService(
            _transport.CreateConsumer([.. IndexerOptions.DefaultTopics]),
            writer,
            new DuckDbDeadLetterWriter(_db.Store),
            processors,
            _options,
            TimeProvider.System,
            NullLogger<IndexerService>.Instance);
        indexer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return indexer;
    }

    private static TransportMessage Log(int n, string topic = Topics.Logs)
    {
        var doc = new EcsDocument { Id = EventIds.From("indexer-test", n), Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(n), Message = $"line {n}" };
        return new TransportMessage(topic, "node-1", EcsJson.ToUtf8(doc));
    }

    private static TransportMessage Raw(string text) => new(Topics.Logs, "node-1", Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Bad_json_is_dead_lettered_with_its_reason_and_the_good_messages_around_it_are_stored()
    {
        var indexer = Start(new DuckDbWriter(_db.Store, TimeProvider.System));
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Log(1), Raw("{not json"), Log(2), Raw("[1,2]"), Log(3)], CancellationToken.None).WaitAsync(Generous);
        await producer.ProduceAsync([Log(4)], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(4, _db.Count("SELECT count(*) FROM logs"));
        Assert.Equal(2, _db.Count("SELECT count(*) FROM deadletter"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM deadletter WHERE reason LIKE 'invalid JSON%' AND payload = '{not json'"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM deadletter WHERE reason LIKE '%JSON object%'"));
        Assert.Equal(2, indexer.Telemetry.Value("failed", "dead_letter"));
        Assert.Equal(4, indexer.Telemetry.Value("sent"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Nothing_is_acknowledged_while_the_store_fails_and_the_batch_is_stored_once_it_recovers()
    {
        var writer = new FlakyWriter(new DuckDbWriter(_db.Store, TimeProvider.System)) { Failing = true };
        var indexer = Start(writer);
        await using var producer = _transport.CreateProducer();

        var produce = producer.ProduceAsync([.. Enumerable.Range(0, 100).Select(i => Log(i))], CancellationToken.None);
        await Poll.UntilAsync(() => writer.Attempts >= 3, Generous);

        Assert.False(produce.IsCompleted);
        Assert.Equal(0, _db.Count("SELECT count(*) FROM logs"));
        Assert.True(indexer.Telemetry.Value("retries") >= 3);

        writer.Failing = false;
        await produce.WaitAsync(Generous);
        Assert.Equal(100, _db.Count("SELECT count(*) FROM logs"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_while_the_store_fails_fails_the_batch_so_its_producer_keeps_it()
    {
        _options.DrainTimeoutMs = 50;
        var writer = new FlakyWriter(new DuckDbWriter(_db.Store, TimeProvider.System)) { Failing = true };
        var indexer = Start(writer);
        await using var producer = _transport.CreateProducer();

        var produce = producer.ProduceAsync([Log(1)], CancellationToken.None);
        await Poll.UntilAsync(() => writer.Attempts >= 1, Generous);
        await indexer.StopAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<TransportException>(() => produce.WaitAsync(Generous));
        Assert.True(error.IsTransient);
        Assert.Equal(0, _db.Count("SELECT count(*) FROM logs"));
    }

    [Fact]
    public async Task Redelivered_messages_are_counted_as_duplicates_and_stored_once()
    {
        var indexer = Start(new DuckDbWriter(_db.Store, TimeProvider.System));
        await using var producer = _transport.CreateProducer();
        var batch = Enumerable.Range(0, 50).Select(i => Log(i)).ToList();

        await producer.ProduceAsync(batch, CancellationToken.None).WaitAsync(Generous);
        await producer.ProduceAsync(batch, CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(50, _db.Count("SELECT count(*) FROM logs"));
        Assert.Equal(50, indexer.Telemetry.Value("dropped", "duplicate"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Processors_run_before_the_write_and_may_drop_documents()
    {
        var indexer = Start(new DuckDbWriter(_db.Store, TimeProvider.System), [new DropEvenLines()]);
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([.. Enumerable.Range(0, 10).Select(i => Log(i))], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(5, _db.Count("SELECT count(*) FROM logs"));
        Assert.Equal(5, _db.Count("SELECT count(*) FROM logs WHERE json_extract_string(doc, '$.labels.checked') = 'yes'"));
        Assert.Equal(5, indexer.Telemetry.Value("dropped", "pipeline"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Messages_on_metrics_and_traces_topics_go_to_their_tables()
    {
        var indexer = Start(new DuckDbWriter(_db.Store, TimeProvider.System));
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Log(1, Topics.Metrics), Log(2, Topics.Traces), Log(3)], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(1, _db.Count("SELECT count(*) FROM metrics"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM traces"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM logs"));
        await indexer.StopAsync(CancellationToken.None);
    }

    private sealed class DropEvenLines : IDocumentProcessor
    {
        public ProcessOutcome Process(EcsDocument document)
        {
            var n = int.Parse(document.Message!["line ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            document.Set("labels.checked", "yes");
            return n % 2 == 0 ? ProcessOutcome.Drop : ProcessOutcome.Keep;
        }
    }

    public ValueTask DisposeAsync()
    {
        _db.Dispose();
        return ValueTask.CompletedTask;
    }
}
