using Confluent.Kafka;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Testing.Kafka;
using Observability.Testing.Logging;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

public sealed class KafkaFaultTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProduceWaitsWhileEveryBrokerIsDownAndDeliversEachMessageOnceAfterwards(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        var logger = new RecordingLogger<KafkaMessageProducer>();
        await using var producer = ProducerUnderTest.Create(native, options, logger);
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 10), CancellationToken.None); // connected, metadata known

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
        Assert.Equal(2_010, producer.Telemetry.Value("sent"));
        await AssertExactlyOnceAsync(topic, 2_010);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProduceErrorsInjectedOnTheBrokersAreRetriedWithoutLossOrDuplicates(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        options.Extra["debug"] = "msg,protocol";
        var logger = new RecordingLogger<KafkaMessageProducer>();
        await using var producer = ProducerUnderTest.Create(native, options, logger);
        kafka.PushRequestErrors(KafkaApiKey.Produce,
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas,
            ErrorCode.LeaderNotAvailable, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicasAfterAppend);

        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 3_000), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(3_000, producer.Telemetry.Value("sent"));
        Assert.Equal(0, producer.Telemetry.Value("failed", "delivery"));
        // librdkafka's msg debug context shows each injected error hitting a produce request and being retried.
        Assert.True(logger.Lines.Count(l => l.Contains("encountered error", StringComparison.Ordinal)) >= 6);
        await AssertExactlyOnceAsync(topic, 3_000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFullLocalQueueMakesProduceWaitInsteadOfDropping(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        options.Extra["queue.buffering.max.messages"] = "50";
        await using var producer = ProducerUnderTest.Create(native, options);

        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 3_000), CancellationToken.None).WaitAsync(Patience);

        Assert.True(producer.Telemetry.Value("queue_full_waits") > 0, "a 50-message queue must fill with a 3,000-message batch");
        Assert.Equal(3_000, producer.Telemetry.Value("sent"));
        await AssertExactlyOnceAsync(topic, 3_000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABatchThatCannotBeDeliveredInTimeFailsAsTransient(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.MessageTimeoutMs = 1_500;
        await using var producer = ProducerUnderTest.Create(native, options);
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None);

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

        Assert.True(error.IsTransient);
        Assert.Contains("5 of 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, producer.Telemetry.Value("failed", "delivery"));
    }

    [Fact]
    public async Task FetchErrorsOnTheConsumerSideLoseNothing()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 3);
        var options = kafka.CreateOptions();
        await using (var producer = new KafkaMessageProducer(options))
        {
            await producer.ProduceAsync(KafkaTestMessages.Create(topic, 500), CancellationToken.None);
        }

        kafka.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.UnknownTopicOrPart);
        await AssertExactlyOnceAsync(topic, 500);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClosingTheProducerFailsTheBatchesItCouldNotDeliver(bool native)
    {
        var topic = kafka.CreateUniqueTopic(partitions: 1);
        var options = kafka.CreateOptions();
        options.FlushTimeoutMs = 200;
        var producer = ProducerUnderTest.Create(native, options);
        await producer.ProduceAsync(KafkaTestMessages.Create(topic, 1), CancellationToken.None);

        TransportException error;
        try
        {
            kafka.SetAllBrokers(down: true);
            var stranded = producer.ProduceAsync(KafkaTestMessages.Create(topic, 5), CancellationToken.None);
            await producer.DisposeAsync();
            error = await Assert.ThrowsAsync<TransportException>(() => stranded.WaitAsync(Patience));
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        Assert.True(error.IsTransient);
        Assert.Contains("5 of 5", error.Message, StringComparison.Ordinal);
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
}
