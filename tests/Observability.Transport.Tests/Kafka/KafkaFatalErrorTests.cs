using Confluent.Kafka;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Testing.Kafka;
using Observability.Testing.Logging;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

/// <summary>
/// librdkafka fatal errors (the idempotent producer lost its guarantees), raised for real on the producer's handle
/// with <c>rd_kafka_test_fatal_error</c>: the producer replaces its handle, the batches on the dead one fail as
/// transient, and a caller that retries transient failures loses nothing.
/// </summary>
public sealed class KafkaFatalErrorTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AFatalErrorWhileBatchesAreInFlightReplacesTheProducerOnceAndLosesNothing()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var logger = new RecordingLogger<KafkaMessageProducer>();
        await using var producer = new KafkaMessageProducer(kafka.CreateOptions(), logger);
        const int batch = 500;
        for (var b = 0; b < 3; b++)
        {
            await producer.ProduceAsync(KafkaTestMessages.Create(topic, batch, start: b * batch), CancellationToken.None).WaitAsync(Patience);
        }

        var before = producer.Client;
        var transientFailures = 0;
        Task<int>[] inFlight;
        try
        {
            // Slow responses keep several concurrent batches on the handle when it dies.
            kafka.SetBrokerRtt(-1, 300);
            inFlight = [.. Enumerable.Range(3, 6).Select(b => ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, batch, start: b * batch)))];
            await Poll.UntilAsync(() => producer.Telemetry.Value("received") > 3 * batch, Patience);
            Assert.True(MockKafkaCluster.RaiseFatalError(before, ErrorCode.OutOfOrderSequenceNumber, "injected by the fatal-error test"));
            transientFailures += (await Task.WhenAll(inFlight).WaitAsync(Patience)).Sum();
        }
        finally
        {
            kafka.SetBrokerRtt(-1, 0);
        }

        // Later batches go out on the new handle.
        for (var b = 9; b < 12; b++)
        {
            transientFailures += await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, batch, start: b * batch)).WaitAsync(Patience);
        }

        Assert.Equal(1, producer.Telemetry.Value("recreated"));
        Assert.Equal(2, producer.Generation);
        Assert.NotSame(before, producer.Client);
        Assert.True(transientFailures > 0, "the batches on the dead handle must have failed (transient) and been sent again");
        var replaced = logger.Lines.Where(l => l.StartsWith("Critical: Kafka producer generation 1 failed fatally", StringComparison.Ordinal)).ToList();
        Assert.Single(replaced);
        Assert.Contains("injected by the fatal-error test", replaced[0], StringComparison.Ordinal);
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 12 * batch));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFatalErrorWithBatchesStrandedOnADownClusterReplacesTheHandleOnceAndLosesNothing(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var logger = new RecordingLogger<KafkaMessageProducer>();
        await using var producer = ProducerUnderTest.Create(native, kafka.CreateOptions(), logger);
        const int batch = 500;
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, batch), CancellationToken.None).WaitAsync(Patience);

        var before = producer.Handle;
        var transientFailures = 0;
        try
        {
            // Brokers down: the batches on the handle when it dies cannot have been delivered by it.
            kafka.SetAllBrokers(down: true);
            Task<int>[] inFlight = [.. Enumerable.Range(1, 6).Select(b => ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, batch, start: b * batch), () => Interlocked.Increment(ref transientFailures)))];
            await Poll.UntilAsync(() => producer.Telemetry.Value("received") >= 7 * batch, Patience);
            Assert.True(producer.RaiseFatalError(ErrorCode.OutOfOrderSequenceNumber, "injected while the brokers are down"));
            await Poll.UntilAsync(() => Volatile.Read(ref transientFailures) > 0, Patience);
            kafka.SetAllBrokers(down: false);
            await Task.WhenAll(inFlight).WaitAsync(Patience);
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, batch, start: 7 * batch)).WaitAsync(Patience);

        Assert.Equal(1, producer.Telemetry.Value("recreated"));
        Assert.Equal(2, producer.Generation);
        Assert.NotEqual(before, producer.Handle);
        Assert.True(Volatile.Read(ref transientFailures) > 0, "the batches on the dead handle must have failed (transient) and been sent again");
        var replaced = logger.Lines.Where(l => l.StartsWith("Critical: Kafka producer generation 1 failed fatally", StringComparison.Ordinal)).ToList();
        Assert.Single(replaced);
        Assert.Contains("injected while the brokers are down", replaced[0], StringComparison.Ordinal);
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 8 * batch));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BatchesWaitingOnADeadHandleFailAsTransientInsteadOfHanging(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        await using var producer = ProducerUnderTest.Create(native, kafka.CreateOptions()); // message.timeout.ms 300 s: a hang would show
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None).WaitAsync(Patience);

        TransportException error;
        try
        {
            kafka.SetAllBrokers(down: true);
            var stranded = producer.ProduceAsync(KafkaTestMessages.Create(topic, 100, start: 1), CancellationToken.None);
            await Poll.UntilAsync(() => producer.Telemetry.Value("received") >= 101, Patience);
            Assert.True(producer.RaiseFatalError(ErrorCode.OutOfOrderSequenceNumber, "dead while the brokers are down"));
            error = await Assert.ThrowsAsync<TransportException>(() => stranded.WaitAsync(Patience));
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        Assert.True(error.IsTransient, error.Message);
        Assert.Contains("100 of 100", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, producer.Telemetry.Value("recreated"));

        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 100, start: 1), CancellationToken.None).WaitAsync(Patience);
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 101));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AProduceOnTheDeadHandleFailsTransientAndTheNextOneSucceeds(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        await using var producer = ProducerUnderTest.Create(native, kafka.CreateOptions());
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 10), CancellationToken.None).WaitAsync(Patience);

        // Nothing in flight: whichever comes first, the error callback or the refused produce, replaces the handle once.
        Assert.True(producer.RaiseFatalError(ErrorCode.InvalidProducerEpoch, "idle producer"));
        var failures = await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, 10, start: 10)).WaitAsync(Patience);
        failures += await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, 10, start: 20)).WaitAsync(Patience);

        Assert.True(failures <= 1, $"{failures} failures: at most the batch that met the dead handle may fail");
        Assert.Equal(1, producer.Telemetry.Value("recreated"));
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 30));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EachFatalGenerationIsReplacedInTurn(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        await using var producer = ProducerUnderTest.Create(native, kafka.CreateOptions());
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 10), CancellationToken.None).WaitAsync(Patience);

        for (var generation = 1; generation <= 3; generation++)
        {
            Assert.Equal(generation, producer.Generation);
            Assert.True(producer.RaiseFatalError(ErrorCode.OutOfOrderSequenceNumber, $"generation {generation}"));
            await ProduceRetryingAsync(producer, KafkaTestMessages.Create(topic, 10, start: generation * 10)).WaitAsync(Patience);
            Assert.Equal(generation, producer.Telemetry.Value("recreated"));
        }

        Assert.Equal(4, producer.Generation);
        await AssertEachAtLeastOnceAsync(topic, KafkaTestMessages.Create(topic, 40));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMessageOverMaxMessageBytesIsRejectedAsPermanentWhileTheRestOfItsBatchIsDelivered(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.MaxMessageBytes = 10_000;
        await using var producer = ProducerUnderTest.Create(native, options);
        var messages = KafkaTestMessages.Create(topic, 20);
        messages[5] = messages[5] with { Value = new byte[20_000] };

        var error = await Assert.ThrowsAsync<TransportException>(() => producer.ProduceAsync(messages, CancellationToken.None).WaitAsync(Patience));

        Assert.False(error.IsTransient);
        Assert.Contains("1 of 20", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ErrorCode.MsgSizeTooLarge), error.Message, StringComparison.Ordinal);
        Assert.Equal(19, producer.Telemetry.Value("sent"));
        await AssertEachAtLeastOnceAsync(topic, messages.Where((_, i) => i != 5).ToList());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMessageOfTwoMebibytesFitsTheDefaultMaxMessageBytes(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        await using var producer = ProducerUnderTest.Create(native, kafka.CreateOptions());
        var big = new byte[2 * 1024 * 1024];
        Array.Fill(big, (byte)'x');

        await producer.ProduceAsync([new TransportMessage(topic, "host-0", big)], CancellationToken.None).WaitAsync(Patience);

        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions(), MockKafkaCluster.UniqueName("big"), [topic]);
        var received = await consumer.ReceiveCountAsync(1, Patience);
        Assert.Equal(big.Length, Assert.Single(received).Value.Length);
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
