using Observability.Testing;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Files;
using Observability.Agent.Spool;
using Observability.Agent.Tests.Support;
using Observability.Core.Transport;
using Observability.Testing.Kafka;
using Observability.Testing.Logging;
using Observability.Transport.Kafka;

namespace Observability.Agent.Tests.Kafka;

/// <summary>
/// Client faults and refusals between the file agent and a real Kafka wire protocol (librdkafka's mock cluster):
/// a librdkafka fatal error mid-file, events at the size limit, and events the producer refuses for good.
/// </summary>
public sealed class AgentKafkaFaultTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string Line(int i) => $"2026-11-26T10:00:00Z INFO rank={i % 8} step={i:D7} loss=0.{i % 997:D3} fatal-error test line";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fatal_Kafka_client_error_while_shipping_a_file_loses_no_line(bool native)
    {
        const int total = 30_000, chunk = 500;
        var topic = kafka.CreateUniqueTopic("fatal", partitions: 4);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        var producerLog = new RecordingLogger<KafkaMessageProducer>();
        await using var producer = ProducerUnderTest.Create(native, kafka.CreateOptions("fatal"), producerLog);
        var options = AgentOptions(dir, log, topic);
        options.MaxBatchLines = chunk;
        await using var h = new AgentHarness(options, producer);

        try
        {
            // Slow acknowledgements and a steady writer keep batches in flight when the handle dies.
            kafka.SetBrokerRtt(-1, 50);
            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < total; i += chunk)
                {
                    await File.AppendAllLinesAsync(log, Enumerable.Range(i, chunk).Select(Line));
                    await Task.Delay(20);
                }
            });
            await Poll.UntilAsync(() => h.Agent.Telemetry.Value("sent") >= 5_000, Patience, "shipping started");
            // The brokers go down as the handle dies, so batches are stranded on it whatever the producer's speed
            // (the native one hands a batch over in well under the 50 ms round trip, and its reports may all be in).
            kafka.SetAllBrokers(down: true);
            Assert.True(producer.RaiseFatalError(ErrorCode.OutOfOrderSequenceNumber, "raised by the agent test"));
            await Poll.UntilAsync(() => h.Agent.Telemetry.Value("retries") > 0, Patience, "the batches on the dead handle failed");
            kafka.SetAllBrokers(down: false);
            await writer;
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
            kafka.SetBrokerRtt(-1, 0);
        }

        await Poll.UntilAsync(() => h.Agent.Files.Single().AckedOffset == new FileInfo(log).Length, Patience,
            $"every line acknowledged: {h.Agent.Telemetry} producer generation {producer.Generation}");

        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "refused"));
        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "dead_letter"));
        Assert.Equal(1, producer.Telemetry.Value("recreated"));
        Assert.True(h.Agent.Telemetry.Value("retries") > 0, "batches on the dead handle must have failed and been sent again");
        Assert.Contains(producerLog.Lines, l => l.StartsWith("Critical: Kafka producer generation 1 failed fatally", StringComparison.Ordinal));
        var (byId, received) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, total, Patience);
        Assert.Equal(total, byId.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(Line).Order(StringComparer.Ordinal), byId.Values.Order(StringComparer.Ordinal));
        Assert.True(received >= total); // duplicates allowed; removed by event id
    }

    [Fact]
    public async Task A_line_of_exactly_the_maximum_event_size_is_delivered_whole_even_when_escaping_doubles_it()
    {
        var topic = kafka.CreateUniqueTopic("maxsize", partitions: 1);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        await using var producer = new KafkaMessageProducer(kafka.CreateOptions("maxsize")); // default MaxMessageBytes
        var options = AgentOptions(dir, log, topic);
        var plain = new string('x', options.MaxEventBytes);
        var quotes = new string('"', options.MaxEventBytes); // 2 MiB once JSON-escaped
        await File.WriteAllLinesAsync(log, ["before", plain, quotes, "after"]);
        await using var h = new AgentHarness(options, producer);

        await AllAcknowledgedAsync(h, log);

        Assert.Equal(0, h.Agent.Telemetry.Value("truncated"));
        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "refused"));
        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "dead_letter"));
        var (byId, _) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, 4, Patience);
        Assert.Equal(new[] { "before", plain, quotes, "after" }.Order(StringComparer.Ordinal), byId.Values.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_event_the_producer_refuses_goes_to_the_dead_letter_topic_with_its_file_and_offset_and_the_rest_is_delivered(bool native)
    {
        var topic = kafka.CreateUniqueTopic("refused", partitions: 1);
        var deadLetters = kafka.CreateUniqueTopic("deadletter", partitions: 1);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        // Below the agent's event limit, above a dead letter (which keeps the first 64 KiB): a 200 kB line is refused.
        await using var producer = RefusingProducer("refused", 96 * 1024, native);
        var options = AgentOptions(dir, log, topic, deadLetters);
        var lines = Enumerable.Range(0, 300).Select(Line).ToList();
        var big = new string('y', 200_000);
        lines.Insert(150, big);
        await File.WriteAllLinesAsync(log, lines);
        var bigOffset = lines.Take(150).Sum(l => l.Length + 1);
        await using var h = new AgentHarness(options, producer);

        await AllAcknowledgedAsync(h, log);

        Assert.True(h.Agent.Telemetry.Value("failed", "dead_letter") == 1, h.Agent.Telemetry.ToString());
        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "refused"));
        var (byId, _) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, 300, Patience);
        Assert.Equal(lines.Where(l => l != big).Order(StringComparer.Ordinal), byId.Values.Order(StringComparer.Ordinal));

        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions("dlq"), MockKafkaCluster.UniqueName("dlq"), [deadLetters]);
        var letter = Assert.Single(await consumer.ReceiveCountAsync(1, Patience));
        using var doc = JsonDocument.Parse(letter.Value);
        var root = doc.RootElement;
        Assert.Equal(log, root.GetProperty("log").GetProperty("file").GetProperty("path").GetString());
        Assert.Equal(bigOffset, root.GetProperty("log").GetProperty("offset").GetInt64());
        Assert.Contains(nameof(ErrorCode.MsgSizeTooLarge), root.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pipeline_error", root.GetProperty("event").GetProperty("kind").GetString());
        Assert.Equal(topic, root.GetProperty("labels").GetProperty("source_topic").GetString());
        Assert.True(root.GetProperty("labels").GetProperty("original_truncated").GetBoolean());
        Assert.StartsWith("{\"@timestamp\":", root.GetProperty("event").GetProperty("original").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_dead_letter_topic_a_refused_event_is_counted_as_dropped_and_logged_with_its_file_and_offset()
    {
        var topic = kafka.CreateUniqueTopic("dropped", partitions: 1);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        await using var producer = RefusingProducer("dropped", 16 * 1024);
        var options = AgentOptions(dir, log, topic, deadLetterTopic: null);
        string[] lines = ["first", new string('z', 50_000), "third"];
        await File.WriteAllLinesAsync(log, lines);
        var agentLog = new RecordingLogger<FileAgent>();
        await using var h = new AgentHarness(options, producer, agentLog);

        await AllAcknowledgedAsync(h, log);

        Assert.Equal(1, h.Agent.Telemetry.Value("failed", "refused"));
        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "dead_letter"));
        var dropped = Assert.Single(agentLog.Lines, l => l.StartsWith("Error: Event ", StringComparison.Ordinal));
        Assert.Contains($"from {log} at offset 6 (", dropped, StringComparison.Ordinal);
        Assert.Contains("no dead-letter topic is configured", dropped, StringComparison.Ordinal);
        var (byId, _) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, 2, Patience);
        Assert.Equal(["first", "third"], byId.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_spooled_batch_the_transport_refuses_on_replay_is_settled_instead_of_holding_the_spool_up()
    {
        var topic = kafka.CreateUniqueTopic("spool", partitions: 1);
        var deadLetters = kafka.CreateUniqueTopic("spool-deadletter", partitions: 1);
        using var dir = TemporaryDirectory.Create("agent");
        await using var producer = RefusingProducer("spool", 96 * 1024); // room for a dead letter (64 KiB of the original)
        var spoolOptions = new SpoolOptions
        {
            Directory = dir.File("spool"), SpoolAfter = TimeSpan.FromMilliseconds(500), MaxRetryDelay = TimeSpan.FromMilliseconds(200), DeadLetterTopic = deadLetters,
        };
        var spoolLog = new RecordingLogger<SpoolingProducer>();
        await using var spool = new SpoolingProducer(producer, spoolOptions, TimeProvider.System, spoolLog);
        TransportMessage Event(string id, string message) =>
            new(topic, "node-1", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { @event = new { id }, message })));

        try
        {
            kafka.SetAllBrokers(down: true);
            // The outage sends the batch to the spool, with an event the producer will never take.
            await spool.ProduceAsync([Event("a", "a"), Event("b", new string('b', 200_000)), Event("c", "c")], CancellationToken.None).WaitAsync(Patience);
            await spool.ProduceAsync([Event("d", "d")], CancellationToken.None).WaitAsync(Patience); // queued behind it
            Assert.Equal(4, spool.EventsSpooled);
        }
        finally
        {
            kafka.SetAllBrokers(down: false);
        }

        await Poll.UntilAsync(() => spool.SpooledBatches == 0, Patience, $"spool drained: {spool.SpooledBatches} batches, {spool.ReplayFailures} failures");

        Assert.True(spool.EventsDeadLettered == 1, string.Join("\n", spoolLog.Lines));
        Assert.Equal(0, spool.EventsDropped);
        Assert.Equal(3, spool.EventsReplayed);
        var (byId, _) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, 3, Patience);
        Assert.Equal(["a", "c", "d"], byId.Keys.Order(StringComparer.Ordinal));
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions("spool-dlq"), MockKafkaCluster.UniqueName("dlq"), [deadLetters]);
        using var letter = JsonDocument.Parse(Assert.Single(await consumer.ReceiveCountAsync(1, Patience)).Value);
        Assert.Equal("b", letter.RootElement.GetProperty("labels").GetProperty("source_event_id").GetString());
    }

    private static FileInputOptions AgentOptions(TemporaryDirectory dir, string log, string topic, string? deadLetterTopic = Topics.DeadLetter)
    {
        var options = AgentHarness.Options(dir, log);
        options.Topic = topic;
        options.DeadLetterTopic = deadLetterTopic;
        return options;
    }

    /// <summary>A producer whose <c>message.max.bytes</c> is below the agent's event limit, so that long lines are refused.</summary>
    private IMessageProducer RefusingProducer(string clientId, int maxMessageBytes, bool native = false)
    {
        var options = kafka.CreateOptions(clientId);
        options.MaxMessageBytes = maxMessageBytes;
        return ProducerUnderTest.Create(native, options);
    }

    private static Task AllAcknowledgedAsync(AgentHarness h, string log) =>
        Poll.UntilAsync(() => h.Agent.Files.SingleOrDefault()?.AckedOffset == new FileInfo(log).Length, Patience, $"acknowledged: {h.Agent.Telemetry}");
}
