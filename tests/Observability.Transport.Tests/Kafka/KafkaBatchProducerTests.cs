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
/// <see cref="KafkaBatchProducer"/> (librdkafka called directly) against the real mock cluster: the same guarantees
/// <see cref="KafkaMessageProducer"/>'s suites check — round trip with keys and headers, outages, injected errors,
/// a too-large message, fatal errors, closing with messages in flight.
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
            Assert.Equal(400, producer.Metrics.Delivered);
            Assert.Equal(0, producer.Metrics.Failed);
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
    public async Task ProduceWaitsWhileEveryBrokerIsDownAndDeliversEachMessageOnceAfterwards()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var logger = new RecordingLogger<KafkaBatchProducer>();
        await using var producer = new KafkaBatchProducer(kafka.CreateOptions(), logger);
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 10), CancellationToken.None).WaitAsync(Patience);

        Task produce;
        try
        {
            kafka.SetAllBrokers(down: true);
            produce = producer.ProduceAsync(KafkaTestMessages.Create(topic, 2_000, start: 10), CancellationToken.None);
            await Poll.UntilAsync(() => logger.Lines.Any(l => l.Contains("Kafka client error", StringComparison.Ordinal)), Patience);
            Assert.False(produce.IsCompleted, "the batch must wait for the brokers, not fail or drop");
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        await produce.WaitAsync(Patience);
        Assert.Equal(2_010, producer.Metrics.Delivered);
        await AssertExactlyOnceAsync(topic, 2_010);
    }

    [Fact]
    public async Task ProduceErrorsInjectedOnTheBrokersAreRetriedWithoutLossOrDuplicates()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        options.Extra["debug"] = "msg,protocol";
        var logger = new RecordingLogger<KafkaBatchProducer>();
        await using var producer = new KafkaBatchProducer(options, logger);
        kafka.PushRequestErrors(KafkaApiKey.Produce,
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas,
            ErrorCode.LeaderNotAvailable, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicasAfterAppend);

        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 3_000), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(3_000, producer.Metrics.Delivered);
        Assert.Equal(0, producer.Metrics.Failed);
        // librdkafka's log (through the native log callback) shows each injected error hitting a request and being retried.
        Assert.True(logger.Lines.Count(l => l.Contains("encountered error", StringComparison.Ordinal)) >= 6);
        await AssertExactlyOnceAsync(topic, 3_000);
    }

    [Fact]
    public async Task AFullLocalQueueMakesProduceWaitInsteadOfDropping()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        options.Extra["queue.buffering.max.messages"] = "50";
        await using var producer = new KafkaBatchProducer(options);

        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 3_000), CancellationToken.None).WaitAsync(Patience);

        Assert.True(producer.Metrics.QueueFullWaits > 0, "a 50-message queue must fill with a 3,000-message batch");
        Assert.Equal(3_000, producer.Metrics.Delivered);
        await AssertExactlyOnceAsync(topic, 3_000);
    }

    [Fact]
    public async Task AMessageOverMaxMessageBytesIsRejectedAsPermanentWhileTheRestOfItsBatchIsDelivered()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.MaxMessageBytes = 10_000;
        await using var producer = new KafkaBatchProducer(options);
        var messages = KafkaTestMessages.Create(topic, 20);
        messages[5] = messages[5] with { Value = new byte[20_000] };

        var error = await Assert.ThrowsAsync<TransportException>(() => producer.ProduceAsync(messages, CancellationToken.None).WaitAsync(Patience));

        Assert.False(error.IsTransient);
        Assert.Contains("1 of 20", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ErrorCode.MsgSizeTooLarge), error.Message, StringComparison.Ordinal);
        Assert.Equal(19, producer.Metrics.Delivered);
        await AssertExactlyOnceAsync(topic, 19);
    }

    [Fact]
    public async Task ABatchThatCannotBeDeliveredInTimeFailsAsTransient()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.MessageTimeoutMs = 1_500;
        await using var producer = new KafkaBatchProducer(options);
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None).WaitAsync(Patience);

        TransportException error;
        try
        {
            kafka.SetAllBrokers(down: true);
            error = await Assert.ThrowsAsync<TransportException>(
                () => producer.ProduceAsync(KafkaTestMessages.Create(topic, 5), CancellationToken.None).WaitAsync(Patience));
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        Assert.True(error.IsTransient, error.Message);
        Assert.Contains("5 of 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, producer.Metrics.Failed);
    }

    [Fact]
    public async Task ClosingWithMessagesInFlightFailsTheirBatchesInsteadOfHanging()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.FlushTimeoutMs = 200;
        var producer = new KafkaBatchProducer(options); // message.timeout.ms 300 s: a hang would show
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None).WaitAsync(Patience);

        TransportException error;
        try
        {
            kafka.SetAllBrokers(down: true);
            var stranded = producer.ProduceAsync(KafkaTestMessages.Create(topic, 5), CancellationToken.None);
            await producer.DisposeAsync().AsTask().WaitAsync(Patience);
            error = await Assert.ThrowsAsync<TransportException>(() => stranded.WaitAsync(Patience));
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        Assert.True(error.IsTransient, error.Message);
        Assert.Contains("5 of 5", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None));
    }

    [Fact]
    public async Task AFatalErrorWithBatchesInFlightReplacesTheHandleOnceAndLosesNothing()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var logger = new RecordingLogger<KafkaBatchProducer>();
        await using var producer = new KafkaBatchProducer(kafka.CreateOptions(), logger);
        const int batch = 500;
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, batch), CancellationToken.None).WaitAsync(Patience);

        var before = producer.RdKafkaHandle;
        var transientFailures = 0;
        try
        {
            // Brokers down: the batches on the handle when it dies cannot have been delivered by it.
            kafka.SetAllBrokers(down: true);
            Task<int>[] inFlight = [.. Enumerable.Range(1, 6).Select(b => ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, batch, start: b * batch), () => Interlocked.Increment(ref transientFailures)))];
            await Poll.UntilAsync(() => producer.Metrics.Produced >= 7 * batch, Patience);
            Assert.True(MockKafkaCluster.RaiseFatalError(before, ErrorCode.OutOfOrderSequenceNumber, "injected into the batch producer"));
            await Poll.UntilAsync(() => Volatile.Read(ref transientFailures) > 0, Patience);
            kafka.SetAllBrokers(down: false);
            await Task.WhenAll(inFlight).WaitAsync(Patience);
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, batch, start: 7 * batch)).WaitAsync(Patience);

        Assert.Equal(1, producer.Metrics.Recreated);
        Assert.Equal(2, producer.Generation);
        Assert.NotEqual(before, producer.RdKafkaHandle);
        Assert.True(Volatile.Read(ref transientFailures) > 0, "the batches on the dead handle must have failed (transient) and been sent again");
        var replaced = logger.Lines.Where(l => l.StartsWith("Critical: Kafka producer generation 1 failed fatally", StringComparison.Ordinal)).ToList();
        Assert.Single(replaced);
        Assert.Contains("injected into the batch producer", replaced[0], StringComparison.Ordinal);
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 8 * batch));
    }

    [Fact]
    public async Task EachFatalGenerationIsReplacedInTurnAndAnIdleOneFailsAtMostOneBatch()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        await using var producer = new KafkaBatchProducer(kafka.CreateOptions());
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 10), CancellationToken.None).WaitAsync(Patience);

        for (var generation = 1; generation <= 3; generation++)
        {
            Assert.Equal(generation, producer.Generation);
            Assert.True(MockKafkaCluster.RaiseFatalError(producer.RdKafkaHandle, ErrorCode.InvalidProducerEpoch, $"generation {generation}"));
            var failures = await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, 10, start: generation * 10)).WaitAsync(Patience);
            Assert.True(failures <= 1, $"{failures} failures: at most the batch that met the dead handle may fail");
            Assert.Equal(generation, producer.Metrics.Recreated);
        }

        Assert.Equal(4, producer.Generation);
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 40));
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

    /// <summary>Sends until the batch is acknowledged, as the agent does; returns how many (transient) failures it met.</summary>
    private static async Task<int> ProduceRetryingAsync(IMessageProducer producer, IReadOnlyList<TransportMessage> messages, Action? onFailure = null)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                await producer.ProduceAsync(messages, CancellationToken.None);
                return failures;
            }
            catch (TransportException ex) when (ex.IsTransient && failures < 10)
            {
                onFailure?.Invoke();
            }
        }
    }

    private async Task<IReadOnlyList<TransportMessage>> ReceiveAsync(string topic, int count)
    {
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions(), MockKafkaCluster.UniqueName("verify"), [topic]);
        return await consumer.ReceiveCountAsync(count, Patience);
    }

    private async Task AssertExactlyOnceAsync(string topic, int expected)
    {
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions(), MockKafkaCluster.UniqueName("verify"), [topic]);
        var received = await consumer.ReceiveCountAsync(expected, Patience);
        var extra = await consumer.ReceiveAsync(1_000, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        var texts = received.Concat(extra.Messages).Select(KafkaTestMessages.Text).ToList();
        Assert.Equal(expected, texts.Count);
        Assert.Equal(expected, texts.Distinct().Count());
    }

    private async Task AssertEachAtLeastOnceAsync(string topic, IReadOnlyList<TransportMessage> expected)
    {
        var want = expected.Select(m => $"{m.Key}|{KafkaTestMessages.Text(m)}").ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions(), MockKafkaCluster.UniqueName("verify"), [topic]);
        using var timeout = new CancellationTokenSource(Patience);
        while (!want.IsSubsetOf(seen) && !timeout.IsCancellationRequested)
        {
            var batch = await consumer.ReceiveAsync(5_000, TimeSpan.FromMilliseconds(300), CancellationToken.None);
            seen.UnionWith(batch.Messages.Select(m => $"{m.Key}|{KafkaTestMessages.Text(m)}"));
            batch.Acknowledge();
        }

        want.ExceptWith(seen);
        Assert.True(want.Count == 0, $"{want.Count} messages never arrived, e.g. {want.FirstOrDefault()}");
    }
}
