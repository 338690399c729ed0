using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Storage;
using Observability.Core.Transport;
using Observability.Storage.DuckDb;
using Observability.Testing;
using Observability.Testing.DuckDb;
using Observability.Transport.InProcess;

namespace Observability.Indexer.Tests;

/// <summary>
/// Event time from the line: the agent stamps a plain line with its read time as <c>@timestamp</c> and
/// <c>event.created</c>; the indexer stores the time written at the start of the line instead, keeps the read time in
/// <c>event.created</c>, leaves documents with a time of their own alone, and never moves an event into the future.
/// </summary>
public sealed class EventTimeFromLineTests : IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>The agent read the file a week late (catch-up after downtime).</summary>
    private static readonly DateTimeOffset ReadTime = new(2026, 12, 12, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDuckDbStore _db = new();
    private readonly InProcessTransport _transport = new();
    private readonly FakeTimeProvider _time = new(ReadTime.AddSeconds(2));

    private IndexerService Start(IDocumentProcessor? processor = null, string zone = "UTC")
    {
        var indexer = new IndexerService(
            _transport.CreateConsumer([.. IndexerOptions.DefaultTopics]),
            new DuckDbWriter(_db.Store, _time),
            new DuckDbDeadLetterWriter(_db.Store),
            processor is null ? null : [processor],
            new IndexerOptions { MaxWaitMs = 10, LineTimeZone = zone },
            _time,
            NullLogger<IndexerService>.Instance);
        indexer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return indexer;
    }

    /// <summary>A plain line as the agent sends it: read time in both <c>@timestamp</c> and <c>event.created</c>.</summary>
    private static TransportMessage Line(int n, string message, DateTimeOffset? ownTimestamp = null)
    {
        var doc = new EcsDocument { Id = EventIds.From("line-time-test", n), Timestamp = ownTimestamp ?? ReadTime, Message = message };
        doc.Set(EcsFields.EventCreated, ReadTime);
        doc.Set("event.dataset", "generic");
        return new TransportMessage(Topics.Logs, "node-1", EcsJson.ToUtf8(doc));
    }

    private DateTimeOffset Stored(int n) =>
        DateTimeOffset.FromUnixTimeMilliseconds(_db.Store.QueryScalar<long>("SELECT epoch_ms(ts) FROM logs WHERE id = ?", EventIds.From("line-time-test", n)));

    private string? StoredCreated(int n) =>
        _db.Store.QueryScalar<string>("SELECT json_extract_string(doc, '$.event.created') FROM logs WHERE id = ?", EventIds.From("line-time-test", n));

    [Fact]
    public async Task A_line_read_late_is_stored_at_the_time_written_at_its_start_and_keeps_the_read_time_in_event_created()
    {
        var indexer = Start();
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync(
            [
                Line(1, "Dec  5 06:30:15 node-1 kernel: NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus"),
                Line(2, "2026-12-05T06:31:00.250Z ERROR trainer: NCCL timeout"),
                Line(3, "no time here at all"),
            ],
            CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 6, 30, 15, TimeSpan.Zero), Stored(1));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 6, 31, 0, 250, TimeSpan.Zero), Stored(2));
        Assert.Equal(ReadTime, Stored(3));
        Assert.Equal("2026-12-12T09:00:00.0000000Z", StoredCreated(1));
        Assert.Equal(2, indexer.Telemetry.Value("timestamps_from_line"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_line_time_after_the_read_time_is_not_used()
    {
        var indexer = Start();
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Line(1, "2026-12-12T09:00:05Z clock ahead by five seconds")], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(ReadTime, Stored(1));
        Assert.Equal(0, indexer.Telemetry.Value("timestamps_from_line"));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_document_with_a_time_of_its_own_is_left_alone()
    {
        var indexer = Start();
        await using var producer = _transport.CreateProducer();
        var own = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        await producer.ProduceAsync([Line(1, "2026-12-05T06:30:15Z from a JSON line with its own @timestamp", ownTimestamp: own)], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(own, Stored(1));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pipeline_that_sets_the_timestamp_has_the_last_word()
    {
        var set = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
        var indexer = Start(new SetTimestamp(set));
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Line(1, "2026-12-05T06:30:15Z parsed by a pipeline")], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(set, Stored(1));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_time_without_an_offset_is_read_in_the_configured_zone()
    {
        var indexer = Start(zone: "Europe/Berlin");
        await using var producer = _transport.CreateProducer();

        await producer.ProduceAsync([Line(1, "2026-12-05 07:30:15,000 INFO local time")], CancellationToken.None).WaitAsync(Generous);

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 6, 30, 15, TimeSpan.Zero), Stored(1));
        await indexer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void An_unknown_zone_fails_at_start_up_with_its_key() =>
        Assert.Contains("line_time_zone", Assert.ThrowsAny<Exception>(() => new IndexerOptions { LineTimeZone = "Mars/Olympus" }.Validate()).Message, StringComparison.Ordinal);

    public ValueTask DisposeAsync()
    {
        _db.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Stands for a pipeline with a <c>date</c> processor.</summary>
    private sealed class SetTimestamp(DateTimeOffset value) : IDocumentProcessor
    {
        public ProcessOutcome Process(EcsDocument document)
        {
            document.Timestamp = value;
            return ProcessOutcome.Keep;
        }
    }
}
