using System.Security.Cryptography;
using Observability.Core.Transport;
using Observability.Testing.Kafka;
using Observability.Testing.Logging;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

/// <summary>
/// When the brokers deleted messages a consumer group had not read yet (retention shorter than its lag), the consumer
/// says so as an error and counts it, instead of resetting silently. The mock keeps 5 MiB per partition, so 6 MiB of
/// incompressible messages behind a committed offset put that offset out of range, as retention does on a real cluster.
/// </summary>
public sealed class KafkaRetentionTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_consumer_whose_position_the_brokers_deleted_reports_the_loss()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var group = MockKafkaCluster.UniqueName("retention");
        var options = kafka.CreateOptions();
        options.Compression = Confluent.Kafka.CompressionType.None;
        await using (var producer = new KafkaMessageProducer(options))
        {
            await producer.ProduceAsync(Messages(topic, 10, 100), CancellationToken.None);
            await using (var first = new KafkaMessageConsumer(options, group, [topic]))
            {
                var read = await first.ReceiveCountAsync(10, Patience);
                Assert.Equal(10, read.Count); // acknowledged: offset 10 is committed on close
            }

            // 6 MiB more than the mock keeps: the batches at offset 10 onwards are deleted before the group reads them.
            for (var i = 0; i < 6; i++)
            {
                await producer.ProduceAsync(Messages(topic, 16, 64 * 1024), CancellationToken.None);
            }
        }

        Assert.True(kafka.Watermarks(topic, partitions: 1)[0].Low > 10, "the mock dropped the oldest batches");
        var logger = new RecordingLogger<KafkaMessageConsumer>();
        await using var second = new KafkaMessageConsumer(options, group, [topic], logger);
        var after = await second.ReceiveCountAsync(1, Patience);

        Assert.NotEmpty(after);
        Assert.Equal(1, second.OffsetResets);
        Assert.Contains(logger.Lines, l => l.StartsWith("Error: ", StringComparison.Ordinal) && l.Contains("no longer hold", StringComparison.Ordinal));
    }

    private static List<TransportMessage> Messages(string topic, int count, int bytes) =>
        [.. Enumerable.Range(0, count).Select(_ => new TransportMessage(topic, "host-0", RandomNumberGenerator.GetBytes(bytes)))];
}
