using System.Text;
using Confluent.Kafka;
using Observability.Core.Transport;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

public sealed class KafkaRoundTripTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MessagesArriveWithTheirKeyValueAndTraceparentThroughThreeBrokers(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        Assert.Equal(CompressionType.Lz4, options.Compression);
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var sent = Enumerable.Range(0, 300)
            .Select(i => new TransportMessage(topic, $"host-{i % 4}", Encoding.UTF8.GetBytes($"line {i}"), i % 2 == 0 ? traceParent : null))
            .ToList();

        await using (var producer = ProducerUnderTest.Create(native, options))
        {
            await producer.ProduceAsync(sent, CancellationToken.None);
            Assert.Equal(300, producer.Telemetry.Value("sent"));
            Assert.Equal(0, producer.Telemetry.Value("failed", "delivery"));
        }

        await using var consumer = new KafkaMessageConsumer(options, MockKafkaCluster.UniqueName("group"), [topic]);
        var received = await consumer.ReceiveCountAsync(300, Patience);

        Assert.Equal(300, received.Count);
        var byText = received.ToDictionary(KafkaTestMessages.Text);
        foreach (var message in sent)
        {
            var got = byText[KafkaTestMessages.Text(message)];
            Assert.Equal(topic, got.Topic);
            Assert.Equal(message.Key, got.Key);
            Assert.Equal(message.TraceParent, got.TraceParent);
            Assert.StartsWith($"{topic}/", got.Position, StringComparison.Ordinal);
        }

        // The key decides the partition: one host's messages stay in order on one partition.
        foreach (var host in received.GroupBy(m => m.Key))
        {
            Assert.Single(host.Select(KafkaTestMessages.Partition).Distinct());
            var lines = host.OrderBy(KafkaTestMessages.Offset).Select(m => int.Parse(KafkaTestMessages.Text(m)[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(lines.Order().ToList(), lines);
        }

        Assert.True(received.Select(KafkaTestMessages.Partition).Distinct().Count() > 1, "four keys should spread over more than one of three partitions");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ValueSlicesAndMessagesWithoutKeyAreSentExactly(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        var buffer = Encoding.UTF8.GetBytes("xxhello worldyy");
        await using (var producer = ProducerUnderTest.Create(native, options))
        {
            await producer.ProduceAsync([new TransportMessage(topic, null, buffer.AsMemory(2, 11))], CancellationToken.None);
        }

        await using var consumer = new KafkaMessageConsumer(options, MockKafkaCluster.UniqueName("group"), [topic]);
        var received = Assert.Single(await consumer.ReceiveCountAsync(1, Patience));
        Assert.Null(received.Key);
        Assert.Null(received.TraceParent);
        Assert.Equal("hello world", KafkaTestMessages.Text(received));
        Assert.Equal($"{topic}/0@0", received.Position);
    }

    [Fact]
    public async Task AnEmptyTopicGivesAnEmptyBatchAfterTheWait()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions(), MockKafkaCluster.UniqueName("group"), [topic]);

        var batch = await consumer.ReceiveAsync(10, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(0, batch.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMessageOverTheSizeLimitFailsTheBatchAsPermanent(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.Extra["message.max.bytes"] = "10000";
        await using var producer = ProducerUnderTest.Create(native, options);
        var batch = new List<TransportMessage>
        {
            new(topic, "h", Encoding.UTF8.GetBytes("small")),
            new(topic, "h", new byte[20_000]),
        };

        var error = await Assert.ThrowsAsync<TransportException>(() => producer.ProduceAsync(batch, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("MsgSizeTooLarge", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
    }
}
