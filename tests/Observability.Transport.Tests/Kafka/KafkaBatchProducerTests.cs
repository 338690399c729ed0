using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Testing.Kafka;
using Observability.Testing.Logging;
using Observability.Transport.Kafka;
using Observability.Transport.Kafka.Native;

namespace Observability.Transport.Tests.Kafka;

/// <summary>
/// What is particular to <see cref="KafkaBatchProducer"/> (librdkafka called directly), on the real mock cluster. The
/// round-trip, fault and fatal-error suites (<see cref="KafkaRoundTripTests"/>, <see cref="KafkaFaultTests"/>,
/// <see cref="KafkaFatalErrorTests"/>) run against it too, through <see cref="ProducerUnderTest"/>.
/// </summary>
public sealed class KafkaBatchProducerTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void TheNativeStructsHaveRdkafkaHsLayout()
    {
        // rdkafka.h (x86-64): rd_kafka_message_t is err, rkt, partition, payload, len, key, key_len, offset, _private;
        // rd_kafka_vu_t is a vtype tag then a union padded to 64 bytes.
        Assert.Equal(72, Unsafe.SizeOf<RdKafkaMessage>());
        Assert.Equal(0, (int)Marshal.OffsetOf<RdKafkaMessage>(nameof(RdKafkaMessage.Err)));
        Assert.Equal(56, (int)Marshal.OffsetOf<RdKafkaMessage>(nameof(RdKafkaMessage.Offset)));
        Assert.Equal(64, (int)Marshal.OffsetOf<RdKafkaMessage>(nameof(RdKafkaMessage.Private)));
        Assert.Equal(72, Unsafe.SizeOf<RdKafkaVu>());
        Assert.Equal(8, (int)Marshal.OffsetOf<RdKafkaVu>(nameof(RdKafkaVu.Pointer)));
        Assert.Equal(24, (int)Marshal.OffsetOf<RdKafkaVu>(nameof(RdKafkaVu.Third)));
    }

    [Fact]
    public async Task BindsToTheLibrdkafkaConfluentLoaded()
    {
        await using var producer = new KafkaBatchProducer(kafka.CreateOptions());
        Assert.Equal(kafka.LibrdkafkaPath, Librdkafka.Bind());
    }

    [Fact]
    public async Task MessagesArriveWithKeyValueAndTraceparentOnTheSamePartitionsAsConfluentsProducer()
    {
        var options = kafka.CreateOptions();
        var native = kafka.CreateUniqueTopic(partitions: 5);
        var confluent = kafka.CreateUniqueTopic(partitions: 5);
        List<TransportMessage> Sent(string topic) => [.. Enumerable.Range(0, 400)
            .Select(i => new TransportMessage(topic, $"host-{i % 7}", Encoding.UTF8.GetBytes($"line {i}"), i % 2 == 0 ? TraceParent : null))];

        await using (var producer = new KafkaBatchProducer(options))
        {
            await producer.ProduceAsync(Sent(native), CancellationToken.None).WaitAsync(Patience);
            Assert.Equal(400, producer.Telemetry.Value("sent"));
            Assert.Equal(0, producer.Telemetry.Value("failed", "delivery"));
        }

        await using (var producer = new KafkaMessageProducer(options))
        {
            await producer.ProduceAsync(Sent(confluent), CancellationToken.None).WaitAsync(Patience);
        }

        var got = await ReceiveAsync(native, 400);
        var reference = await ReceiveAsync(confluent, 400);
        var byText = got.ToDictionary(KafkaTestMessages.Text);
        foreach (var message in Sent(native))
        {
            var received = byText[KafkaTestMessages.Text(message)];
            Assert.Equal(message.Key, received.Key);
            Assert.Equal(message.TraceParent, received.TraceParent);
        }

        // Same partitioner as Confluent's producer (both are librdkafka's, same settings): one host, one partition, in order.
        var partitionOf = reference.GroupBy(m => m.Key!).ToDictionary(g => g.Key, g => g.Select(KafkaTestMessages.Partition).Distinct().Single());
        foreach (var host in got.GroupBy(m => m.Key!))
        {
            Assert.Equal(partitionOf[host.Key], host.Select(KafkaTestMessages.Partition).Distinct().Single());
            var lines = host.OrderBy(KafkaTestMessages.Offset).Select(m => int.Parse(KafkaTestMessages.Text(m)[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(lines.Order().ToList(), lines);
        }
    }

    [Fact]
    public async Task ACancelledBatchStopsWaitingAndItsLateReportsHarmNothing()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.Extra["queue.buffering.max.messages"] = "50";
        await using var producer = new KafkaBatchProducer(options);
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None).WaitAsync(Patience);

        try
        {
            kafka.SetAllBrokers(down: true);
            using var cancel = new CancellationTokenSource();
            var waiting = producer.ProduceAsync(KafkaTestMessages.Create(topic, 500, start: 1), cancel.Token);
            await Poll.UntilAsync(() => producer.Telemetry.Value("queue_full_waits") > 0, Patience); // 50 handed over, the rest waiting for room
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        // The cancelled batch's 50 messages still go out; their reports find no batch waiting and are ignored.
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 100, start: 1_000), CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(0, producer.Telemetry.Value("failed", "delivery"));
    }

    [Fact]
    public void AnUnknownLibrdkafkaSettingFailsAtConstructionNamingIt()
    {
        var options = kafka.CreateOptions();
        options.Extra["no.such.setting"] = "1";
        var error = Assert.Throws<KafkaException>(() => new KafkaBatchProducer(options));
        Assert.Contains("no.such.setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFactoryPicksTheProducerKafkaBatchProduceNames()
    {
        var options = kafka.CreateOptions();
        await using (var batch = KafkaProducerFactory.Create(options, NullLoggerFactory.Instance))
        {
            Assert.IsType<KafkaBatchProducer>(batch);
        }

        options.BatchProduce = false;
        await using var confluent = KafkaProducerFactory.Create(options, NullLoggerFactory.Instance);
        Assert.IsType<KafkaMessageProducer>(confluent);
    }

    private async Task<IReadOnlyList<TransportMessage>> ReceiveAsync(string topic, int count)
    {
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions(), MockKafkaCluster.UniqueName("verify"), [topic]);
        return await consumer.ReceiveCountAsync(count, Patience);
    }
}
