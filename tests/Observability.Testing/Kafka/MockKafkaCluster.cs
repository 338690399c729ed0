using Confluent.Kafka;
using Observability.Transport.Kafka;

namespace Observability.Testing.Kafka;

/// <summary>
/// A real Kafka wire-protocol cluster inside the test process: librdkafka's mock cluster
/// (<c>test.mock.num.brokers</c>), with fault injection.
/// <para>How to use it: one cluster per test class, data isolated per test by unique topic names.</para>
/// <code>
/// public sealed class MyTests(MockKafkaCluster kafka) : IClassFixture&lt;MockKafkaCluster&gt;
/// {
///     [Fact]
///     public async Task Something()
///     {
///         var topic = kafka.CreateUniqueTopic(partitions: 3);        // the mock has no CreateTopics admin API
///         var options = kafka.CreateOptions();                       // KafkaOptions with BootstrapServers set
///         await using var producer = new KafkaMessageProducer(options);
///         await using var consumer = new KafkaMessageConsumer(options, kafka.UniqueName("group"), [topic]);
///         kafka.SetBrokerDown(2); kafka.SetBrokerUp(2);              // broker ids are 1..BrokerCount
///         kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
///         MockKafkaCluster.RaiseFatalError(producer.Client, ErrorCode.OutOfOrderSequenceNumber, "test"); // librdkafka fatal error
///     }
/// }
/// </code>
/// Limits of the mock: each partition keeps at most 5 MiB of record batches (as produced, i.e. compressed) or 100,000
/// batches; older batches are dropped, and a consumer further behind than that silently resets to the new log start
/// (<see cref="Watermarks"/> shows it: the low watermark is then above 0). Topics come
/// only from <see cref="CreateTopic"/> (or auto-creation on metadata requests), and there is no TLS/SASL.
/// For another broker count: <c>MockKafkaCluster.Start(n)</c>, or a fixture subclass whose constructor calls <c>base(n)</c>.
/// </summary>
public class MockKafkaCluster : IDisposable
{
    private readonly IProducer<Null, Null> _owner;
    private readonly IntPtr _cluster;
    private readonly MockClusterNative _native;
    private int _disposed;

    public MockKafkaCluster() : this(3)
    {
    }

    /// <summary>For subclasses with another broker count (xunit fixtures need a single public constructor).</summary>
    protected MockKafkaCluster(int brokers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        BrokerCount = brokers;

        // The cluster lives inside this client handle and dies with it.
        var config = new ProducerConfig { BootstrapServers = "127.0.0.1:1", ClientId = "mock-cluster-owner" };
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _owner = new ProducerBuilder<Null, Null>(config).SetLogHandler((_, _) => { }).Build();

        _native = MockClusterNative.Bind();
        _cluster = _native.HandleMockCluster(MockClusterNative.RdKafkaHandle(_owner));
        if (_cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("librdkafka did not create a mock cluster for test.mock.num.brokers");
        }

        BootstrapServers = _native.Bootstraps(_cluster);

        // Consumer groups form at once instead of after the broker's initial rebalance delay.
        _native.GroupInitialRebalanceDelayMs(_cluster, 0);
    }

    public int BrokerCount { get; }

    /// <summary>The librdkafka file Confluent.Kafka loaded and the mock functions are bound to.</summary>
    public string LibrdkafkaPath => _native.LibraryPath;

    /// <summary>A cluster outside xunit's fixtures (a bench, a one-off test); dispose it.</summary>
    public static MockKafkaCluster Start(int brokers = 3) => new(brokers);

    /// <summary>The mock brokers' listeners, e.g. <c>127.0.0.1:40123,127.0.0.1:40125,…</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>A name unique to this process, for topics and consumer groups.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Transport options pointing at this cluster, with short timeouts suited to tests.</summary>
    public KafkaOptions CreateOptions(string clientId = "obs-test") => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = clientId,
        LingerMs = 1,
        // The mock coordinator waits session timeout - 1 s before completing a rebalance of a non-empty group.
        SessionTimeoutMs = 3_000,
        AutoCommitIntervalMs = 200,
        FlushTimeoutMs = 10_000,
        Extra =
        {
            ["heartbeat.interval.ms"] = "500",
            ["topic.metadata.refresh.interval.ms"] = "1000",
            ["reconnect.backoff.max.ms"] = "500",
        },
    };

    public void CreateTopic(string name, int partitions = 3, int replicationFactor = -1)
    {
        var replicas = replicationFactor < 0 ? Math.Min(3, BrokerCount) : replicationFactor;
        Check(_native.TopicCreate(_cluster, name, partitions, replicas), $"create topic {name}");
    }

    /// <summary>Creates a topic with a unique name and returns the name.</summary>
    public string CreateUniqueTopic(string prefix = "topic", int partitions = 3, int replicationFactor = -1)
    {
        var name = UniqueName(prefix);
        CreateTopic(name, partitions, replicationFactor);
        return name;
    }

    /// <summary>Closes the broker's connections and refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(_native.BrokerSetDown(_cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(_native.BrokerSetUp(_cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Every broker down (an outage of the whole cluster), or every broker back up.</summary>
    public void SetAllBrokers(bool down)
    {
        for (var broker = 1; broker <= BrokerCount; broker++)
        {
            if (down)
            {
                SetBrokerDown(broker);
            }
            else
            {
                SetBrokerUp(broker);
            }
        }
    }

    /// <summary>The next requests of <paramref name="apiKey"/> (to any broker) fail with these errors, one each, in order.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        var codes = Array.ConvertAll(errors, e => (int)e);
        _native.PushRequestErrorsArray(_cluster, (short)apiKey, (nuint)codes.Length, codes);
    }

    public void ClearRequestErrors(KafkaApiKey apiKey) => _native.ClearRequestErrors(_cluster, (short)apiKey);

    /// <summary>Per partition, the first offset the mock still holds and the next offset to be written.</summary>
    public IReadOnlyList<(int Partition, long Low, long High)> Watermarks(string topic, int partitions)
    {
        using var client = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = UniqueName("watermarks"),
        }).Build();
        var result = new List<(int, long, long)>(partitions);
        for (var p = 0; p < partitions; p++)
        {
            var w = client.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            result.Add((p, w.Low.Value, w.High.Value));
        }

        return result;
    }

    /// <summary>Adds round-trip delay to a broker's responses (-1: every broker).</summary>
    public void SetBrokerRtt(int brokerId, int milliseconds) =>
        Check(_native.BrokerSetRtt(_cluster, brokerId, milliseconds), $"set broker {brokerId} rtt");

    /// <summary>
    /// Raises a fatal error on <paramref name="client"/>'s librdkafka handle (<c>rd_kafka_test_fatal_error</c>): the
    /// handle then refuses every new message, as after a real idempotence failure. It works on any client, not only
    /// on this cluster's. False when the handle already had a fatal error.
    /// </summary>
    public static bool RaiseFatalError(IClient client, ErrorCode error, string reason) =>
        RaiseFatalError(MockClusterNative.RdKafkaHandle(client), error, reason);

    /// <summary>As <see cref="RaiseFatalError(IClient, ErrorCode, string)"/>, on a raw <c>rd_kafka_t*</c> (e.g. <c>KafkaBatchProducer.RdKafkaHandle</c>).</summary>
    public static bool RaiseFatalError(nint rdKafkaHandle, ErrorCode error, string reason)
    {
        var native = MockClusterNative.Bind();
        var result = (ErrorCode)native.TestFatalError(rdKafkaHandle, (int)error, reason);
        return result switch
        {
            ErrorCode.NoError => true,
            ErrorCode.Local_PrevInProgress => false,
            _ => throw new InvalidOperationException($"rd_kafka_test_fatal_error failed: {result}"),
        };
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock Kafka cluster could not {what}: {(ErrorCode)error}");
        }
    }
}
