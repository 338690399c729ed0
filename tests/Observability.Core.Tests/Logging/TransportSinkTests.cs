using System.Text.Json;
using Observability.Core.Logging;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Transport.InProcess;
using Serilog;

namespace Observability.Core.Tests.Logging;

public sealed class TransportSinkTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Log_events_are_published_to_obs_logs_as_ecs_documents_with_unique_deterministic_ids()
    {
        var transport = new InProcessTransport();
        await using var consumer = transport.CreateConsumer(Topics.Logs);
        await using var sink = new TransportSink(transport.CreateProducer(), new EcsLogEvent("obs-indexer", "node-1"),
            new TransportSinkOptions { FlushInterval = TimeSpan.FromMilliseconds(10) }, TimeProvider.System);
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();

        logger.Information("Indexer started on {Topic}", "obs.logs");
        logger.Warning("Retrying in {DelayMs} ms", 100);

        var messages = new List<TransportMessage>();
        while (messages.Count < 2)
        {
            var batch = await consumer.ReceiveAsync(10, Generous, CancellationToken.None);
            messages.AddRange(batch.Messages);
            batch.Acknowledge();
        }

        var docs = messages.Select(m => JsonDocument.Parse(m.Value).RootElement).ToList();
        Assert.All(docs, d => Assert.Equal("obs-indexer", d.GetProperty("service").GetProperty("name").GetString()));
        Assert.Equal(["info", "warn"], docs.Select(d => d.GetProperty("log").GetProperty("level").GetString()));
        var ids = docs.Select(d => d.GetProperty("event").GetProperty("id").GetString()).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(messages, m => Assert.Equal("node-1", m.Key));
        await sink.FlushAsync(Generous, CancellationToken.None);
        Assert.Equal(2, sink.Sent);
    }

    [Fact]
    public async Task When_the_pipeline_does_not_take_events_emit_never_blocks_and_the_overflow_is_counted_as_dropped()
    {
        var transport = new InProcessTransport(new InProcessTransportOptions { TopicCapacity = 1 });
        await using var sink = new TransportSink(transport.CreateProducer(), new EcsLogEvent("obs-up", "node-1"),
            new TransportSinkOptions { QueueCapacity = 100, BatchSize = 10, FlushInterval = TimeSpan.FromMilliseconds(1), DisposeTimeout = TimeSpan.FromMilliseconds(200) },
            TimeProvider.System);
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();

        // Nobody consumes obs.logs: the sink's first batch waits for an acknowledgement forever, the queue fills up.
        for (var i = 0; i < 1000; i++)
        {
            logger.Information("Event {N}", i);
        }

        await Poll.UntilAsync(() => sink.Dropped >= 1000 - 100 - 10 - 10, Generous, "overflow counted");
        Assert.Equal(0, sink.Sent);
    }
}
