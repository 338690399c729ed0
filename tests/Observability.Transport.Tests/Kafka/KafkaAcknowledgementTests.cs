using Confluent.Kafka;
using Observability.Core.Transport;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

public sealed class KafkaAcknowledgementTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnUnacknowledgedBatchGoesToTheNextConsumerOfTheGroupAndAnAcknowledgedOneDoesNot()
    {
        var (topic, options) = await TopicWithMessagesAsync(10);
        var group = MockKafkaCluster.UniqueName("group");

        await using (var first = new KafkaMessageConsumer(options, group, [topic]))
        {
            var acknowledged = await first.ReceiveCountAsync(4, Patience, acknowledge: true);
            var unacknowledged = await first.ReceiveCountAsync(6, Patience, acknowledge: false);
            Assert.Equal([0, 1, 2, 3], acknowledged.Select(KafkaTestMessages.Offset));
            Assert.Equal([4, 5, 6, 7, 8, 9], unacknowledged.Select(KafkaTestMessages.Offset));
            Assert.Equal(4, first.Acknowledged);
        }

        await using var second = new KafkaMessageConsumer(options, group, [topic]);
        var redelivered = await second.ReceiveCountAsync(6, Patience);
        Assert.Equal([4, 5, 6, 7, 8, 9], redelivered.Select(KafkaTestMessages.Offset));
        var nothingMore = await second.ReceiveAsync(10, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.Equal(0, nothingMore.Count);
    }

    [Fact]
    public async Task AcknowledgingALaterBatchFirstDoesNotMovePastAnEarlierUnacknowledgedOne()
    {
        var (topic, options) = await TopicWithMessagesAsync(6);
        var group = MockKafkaCluster.UniqueName("group");

        await using (var first = new KafkaMessageConsumer(options, group, [topic]))
        {
            var early = await ReceiveBatchAsync(first, 3);
            var late = await ReceiveBatchAsync(first, 3);
            Assert.Equal([0, 1, 2], early.Messages.Select(KafkaTestMessages.Offset));
            late.Acknowledge();
        }

        await using var second = new KafkaMessageConsumer(options, group, [topic]);
        var again = await second.ReceiveCountAsync(6, Patience);
        Assert.Equal([0, 1, 2, 3, 4, 5], again.Select(KafkaTestMessages.Offset));
    }

    [Fact]
    public async Task AFailedBatchIsDeliveredAgainToTheSameConsumer()
    {
        var (topic, options) = await TopicWithMessagesAsync(5);
        await using var consumer = new KafkaMessageConsumer(options, MockKafkaCluster.UniqueName("group"), [topic]);

        var batch = await ReceiveBatchAsync(consumer, 5);
        batch.Fail(new InvalidOperationException("store unavailable"));
        var again = await consumer.ReceiveCountAsync(5, Patience);

        Assert.Equal([0, 1, 2, 3, 4], again.Select(KafkaTestMessages.Offset));
        Assert.Equal(batch.Messages.Select(KafkaTestMessages.Text), again.Select(KafkaTestMessages.Text));
    }

    [Fact]
    public async Task AFailedBatchAlsoBringsBackTheBatchesReceivedAfterIt()
    {
        var (topic, options) = await TopicWithMessagesAsync(6);
        var group = MockKafkaCluster.UniqueName("group");
        await using var consumer = new KafkaMessageConsumer(options, group, [topic]);

        var failed = await ReceiveBatchAsync(consumer, 3);
        var later = await ReceiveBatchAsync(consumer, 3);
        failed.Fail(new InvalidOperationException("store unavailable"));
        later.Acknowledge(); // must not store past the failed batch

        var again = await consumer.ReceiveCountAsync(6, Patience);
        Assert.Equal([0, 1, 2, 3, 4, 5], again.Select(KafkaTestMessages.Offset));
    }

    [Fact]
    public async Task AnAcknowledgementAfterTheRebalanceThatRevokedItsPartitionsStoresNothing()
    {
        var (topic, options) = await TopicWithMessagesAsync(20, partitions: 2);
        var group = MockKafkaCluster.UniqueName("group");
        using var timeout = new CancellationTokenSource(Patience);

        await using (var first = new KafkaMessageConsumer(options, group, [topic]))
        {
            var held = new List<MessageBatch>();
            while (held.Sum(b => b.Count) < 20)
            {
                held.Add(await first.ReceiveAsync(20 - held.Sum(b => b.Count), TimeSpan.FromMilliseconds(500), timeout.Token));
            }

            await using (var second = new KafkaMessageConsumer(options, group, [topic]))
            {
                // Both poll so the group rebalances; the newcomer gets a partition from its start (nothing committed).
                var takenOver = 0;
                while (takenOver == 0)
                {
                    await first.ReceiveAsync(100, TimeSpan.FromMilliseconds(100), timeout.Token);
                    takenOver += (await second.ReceiveAsync(100, TimeSpan.FromMilliseconds(100), timeout.Token)).Count;
                }
            }

            // The newcomer left: the first consumer gets both partitions back (new assignments) ...
            var client = (IConsumer<byte[]?, byte[]?>)first.Client;
            while (client.Assignment.Count < 2)
            {
                await first.ReceiveAsync(100, TimeSpan.FromMilliseconds(100), timeout.Token);
            }

            // ... but the held batches belong to the revoked ones: acknowledging them now must store nothing.
            held.ForEach(b => b.Acknowledge());
        }

        await using var third = new KafkaMessageConsumer(options, group, [topic]);
        var again = await third.ReceiveCountAsync(20, Patience);
        Assert.Equal(20, again.Count);
    }

    private async Task<(string Topic, KafkaOptions Options)> TopicWithMessagesAsync(int count, int partitions = 1)
    {
        var topic = kafka.CreateUniqueTopic(partitions: partitions);
        var options = kafka.CreateOptions();
        await using var producer = new KafkaMessageProducer(options);
        // One key per message, so every partition holds some (a takeover then always has messages to take).
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, count, hosts: count), CancellationToken.None);
        return (topic, options);
    }

    /// <summary>Receives exactly <paramref name="count"/> messages as one batch (waiting until they are fetched).</summary>
    private static async Task<MessageBatch> ReceiveBatchAsync(KafkaMessageConsumer consumer, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var batch = await consumer.ReceiveAsync(count, TimeSpan.FromMilliseconds(500), timeout.Token);
            if (batch.Count == count)
            {
                return batch;
            }

            // Fewer came at once: give them back and let the fetch catch up.
            batch.Fail(new InvalidOperationException("test wants the whole batch"));
        }
    }
}
