using System.Text;
using Observability.Core.Transport;
using Observability.Transport.InProcess;

namespace Observability.Transport.Tests.InProcess;

public sealed class InProcessTransportTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static List<TransportMessage> Messages(string topic, int count, int start = 0) =>
        [.. Enumerable.Range(start, count).Select(i => new TransportMessage(topic, "node-1", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")))];

    [Fact]
    public async Task Produce_completes_only_after_the_consumer_acknowledged_the_batch()
    {
        var transport = new InProcessTransport();
        await using var producer = transport.CreateProducer();
        await using var consumer = transport.CreateConsumer(Topics.Logs);

        var produce = producer.ProduceAsync(Messages(Topics.Logs, 10), CancellationToken.None);
        var batch = await consumer.ReceiveAsync(100, Generous, CancellationToken.None);

        Assert.Equal(10, batch.Count);
        Assert.False(produce.IsCompleted);
        batch.Acknowledge();
        await produce.WaitAsync(Generous);
    }

    [Fact]
    public async Task Failing_a_batch_fails_the_producer_with_a_transient_transport_error()
    {
        var transport = new InProcessTransport();
        await using var producer = transport.CreateProducer();
        await using var consumer = transport.CreateConsumer(Topics.Logs);

        var produce = producer.ProduceAsync(Messages(Topics.Logs, 3), CancellationToken.None);
        var batch = await consumer.ReceiveAsync(100, Generous, CancellationToken.None);
        batch.Fail(new InvalidOperationException("store is down"));

        var error = await Assert.ThrowsAsync<TransportException>(() => produce.WaitAsync(Generous));
        Assert.True(error.IsTransient);
        Assert.Contains("store is down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_produce_call_split_over_several_receives_completes_when_every_part_is_acknowledged()
    {
        var transport = new InProcessTransport();
        await using var producer = transport.CreateProducer();
        await using var consumer = transport.CreateConsumer(Topics.Logs);

        var produce = producer.ProduceAsync(Messages(Topics.Logs, 25), CancellationToken.None);
        var parts = new List<MessageBatch>();
        for (var received = 0; received < 25;)
        {
            var part = await consumer.ReceiveAsync(10, Generous, CancellationToken.None);
            parts.Add(part);
            received += part.Count;
        }

        Assert.Equal([10, 10, 5], parts.Select(p => p.Count));
        parts[0].Acknowledge();
        parts[2].Acknowledge();
        Assert.False(produce.IsCompleted);
        parts[1].Acknowledge();
        await produce.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_full_topic_makes_producers_wait_until_a_consumer_takes_a_batch()
    {
        var transport = new InProcessTransport(new InProcessTransportOptions { TopicCapacity = 1 });
        await using var producer = transport.CreateProducer();
        await using var consumer = transport.CreateConsumer(Topics.Logs);

        var first = producer.ProduceAsync(Messages(Topics.Logs, 1), CancellationToken.None);
        var second = producer.ProduceAsync(Messages(Topics.Logs, 1, 1), CancellationToken.None);

        Assert.Equal(1, transport.QueuedBatches(Topics.Logs));
        var a = await consumer.ReceiveAsync(1, Generous, CancellationToken.None);
        var b = await consumer.ReceiveAsync(1, Generous, CancellationToken.None);
        a.Acknowledge();
        b.Acknowledge();
        await Task.WhenAll(first, second).WaitAsync(Generous);
    }

    [Fact]
    public async Task One_consumer_receives_from_several_topics_and_a_mixed_produce_waits_for_all_of_them()
    {
        var transport = new InProcessTransport();
        await using var producer = transport.CreateProducer();
        await using var consumer = transport.CreateConsumer(Topics.Logs, Topics.Metrics);

        var produce = producer.ProduceAsync([.. Messages(Topics.Logs, 2), .. Messages(Topics.Metrics, 3)], CancellationToken.None);
        var batches = new List<MessageBatch>();
        while (batches.Sum(b => b.Count) < 5)
        {
            batches.Add(await consumer.ReceiveAsync(100, Generous, CancellationToken.None));
        }

        Assert.Equal(2, batches.SelectMany(b => b.Messages).Count(m => m.Topic == Topics.Logs));
        Assert.Equal(3, batches.SelectMany(b => b.Messages).Count(m => m.Topic == Topics.Metrics));
        batches[0].Acknowledge();
        if (batches.Count == 1)
        {
            await produce.WaitAsync(Generous);
            return;
        }

        Assert.False(produce.IsCompleted);
        foreach (var b in batches)
        {
            b.Acknowledge();
        }

        await produce.WaitAsync(Generous);
    }

    [Fact]
    public async Task Receive_returns_an_empty_batch_when_nothing_arrives_within_max_wait()
    {
        var transport = new InProcessTransport();
        await using var consumer = transport.CreateConsumer(Topics.Logs, Topics.Traces);

        var batch = await consumer.ReceiveAsync(10, TimeSpan.FromMilliseconds(20), CancellationToken.None);

        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task A_cancelled_produce_stops_waiting_for_its_acknowledgement()
    {
        var transport = new InProcessTransport();
        await using var producer = transport.CreateProducer();
        using var cts = new CancellationTokenSource();

        var produce = producer.ProduceAsync(Messages(Topics.Logs, 1), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => produce.WaitAsync(Generous));
    }

    [Fact]
    public async Task Every_consumer_group_sees_every_message_and_the_producer_waits_for_all_groups()
    {
        var transport = new InProcessTransport();
        await using var indexer = transport.CreateConsumer(Topics.Metrics);
        await using var detector = transport.CreateGroupConsumer("detector", Topics.Metrics);
        await using var producer = transport.CreateProducer();

        var produce = producer.ProduceAsync(Messages(Topics.Metrics, 4), CancellationToken.None);
        var a = await indexer.ReceiveAsync(100, Generous, CancellationToken.None);
        var b = await detector.ReceiveAsync(100, Generous, CancellationToken.None);

        Assert.Equal(4, a.Count);
        Assert.Equal(4, b.Count);
        a.Acknowledge();
        Assert.False(produce.IsCompleted);
        b.Acknowledge();
        await produce.WaitAsync(Generous);
    }

    [Fact]
    public async Task Messages_produced_before_any_consumer_exists_wait_for_the_default_group()
    {
        var transport = new InProcessTransport();
        await using var producer = transport.CreateProducer();

        var produce = producer.ProduceAsync(Messages(Topics.Logs, 2), CancellationToken.None);
        await using var consumer = transport.CreateConsumer(Topics.Logs);
        var batch = await consumer.ReceiveAsync(100, Generous, CancellationToken.None);
        batch.Acknowledge();

        Assert.Equal(2, batch.Count);
        await produce.WaitAsync(Generous);
    }
}
