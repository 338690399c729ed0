using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Observability.Core.Telemetry;
using Observability.Core.Transport;
using Observability.Transport.Kafka;

namespace Observability.Testing.Kafka;

/// <summary>
/// Either Kafka producer behind one face, so the Kafka suites (transport and agent) run against both:
/// <see cref="KafkaMessageProducer"/> (Confluent.Kafka's per-message API) and <see cref="KafkaBatchProducer"/> (native).
/// </summary>
public sealed class ProducerUnderTest : IMessageProducer
{
    private readonly KafkaMessageProducer? _confluent;
    private readonly KafkaBatchProducer? _native;

    private ProducerUnderTest(KafkaMessageProducer? confluent, KafkaBatchProducer? native)
    {
        _confluent = confluent;
        _native = native;
    }

    public ComponentTelemetry Telemetry => _native?.Telemetry ?? _confluent!.Telemetry;

    public int Generation => _native?.Generation ?? _confluent!.Generation;

    /// <summary>The current librdkafka handle's identity (changes when a fatal error replaced it).</summary>
    public object Handle => _native is not null ? _native.RdKafkaHandle : _confluent!.Client;

    public static ProducerUnderTest Create(bool native, KafkaOptions options, ILogger? logger = null) => native
        ? new(null, new KafkaBatchProducer(options, logger))
        : new(new KafkaMessageProducer(options, logger as ILogger<KafkaMessageProducer>), null);

    /// <summary>Raises a librdkafka fatal error on the current handle (<see cref="MockKafkaCluster.RaiseFatalError(IClient, ErrorCode, string)"/>).</summary>
    public bool RaiseFatalError(ErrorCode error, string reason) => _native is not null
        ? MockKafkaCluster.RaiseFatalError(_native.RdKafkaHandle, error, reason)
        : MockKafkaCluster.RaiseFatalError(_confluent!.Client, error, reason);

    public Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) =>
        _native?.ProduceAsync(messages, cancellationToken) ?? _confluent!.ProduceAsync(messages, cancellationToken);

    public ValueTask DisposeAsync() => _native?.DisposeAsync() ?? _confluent!.DisposeAsync();
}
