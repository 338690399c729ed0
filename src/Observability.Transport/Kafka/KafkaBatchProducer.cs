using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Telemetry;
using Observability.Core.Transport;
using Observability.Transport.Kafka.Native;

namespace Observability.Transport.Kafka;

/// <summary>
/// <see cref="IMessageProducer"/> on librdkafka directly, below Confluent.Kafka's per-message API (no <c>Message</c>
/// object, no delegate handle and no report marshalling per message): each message is one <c>rd_kafka_produceva</c>
/// call with key, value and <c>traceparent</c> header from the caller's memory, and its delivery report only counts its
/// batch down. Same guarantees and settings as <see cref="KafkaMessageProducer"/> (idempotent, <c>acks=all</c>, lz4,
/// <see cref="KafkaClientConfig.ForProducer"/>), same error classification, and the same fatal-error recovery: the
/// handle is replaced once per fatal generation (<see cref="ProducerGenerations{THandle}"/>) and the batches on the dead
/// one fail as transient. Binds to the librdkafka Confluent.Kafka loaded (Linux); selected by <see cref="KafkaOptions.BatchProduce"/>.
/// </summary>
public sealed class KafkaBatchProducer : IMessageProducer
{
    private readonly ProducerCore<NativeProducerHandle> _core;
    private readonly KafkaKeyCache _keys = new();

    public KafkaBatchProducer(KafkaOptions options, ILogger? logger = null)
    {
        options.Validate();
        var log = logger ?? NullLogger.Instance;
        var config = KafkaClientConfig.ForProducer(options);
        _core = new ProducerCore<NativeProducerHandle>(options, log, (generation, onFatal) => new NativeProducerHandle(generation, config, log, onFatal), ProduceFrom);
        log.LogInformation("Kafka batch producer started on {Librdkafka} with {Options}", Librdkafka.Bind(), options);
    }

    public ComponentTelemetry Telemetry => _core.Telemetry;

    /// <summary>1 at start, one more each time a fatal error made the producer replace its librdkafka handle.</summary>
    public int Generation => _core.Generations.Current.Generation;

    /// <summary>The current <c>rd_kafka_t*</c>, for fixtures and diagnostics; changes after a fatal error.</summary>
    public nint RdKafkaHandle => _core.Generations.Current.Rk;

    public Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) =>
        _core.ProduceAsync(this, messages, cancellationToken);

    /// <summary>Waits for in-flight messages (up to <see cref="KafkaOptions.FlushTimeoutMs"/>), then closes; batches still waiting fail.</summary>
    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Produces from <paramref name="next"/> on until the batch is done, the queue is full or the handle stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProduceStep ProduceFrom(NativeProducerHandle handle, long batchId, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, ref int next, ref int produced)
    {
        string? topicName = null;
        nint topic = 0;
        for (; next < messages.Count; next++)
        {
            if (handle.ClosedBy is { } closed)
            {
                countdown.RecordError(closed);
                return ProduceStep.Stopped;
            }

            var message = messages[next];
            if (!ReferenceEquals(message.Topic, topicName) && message.Topic != topicName)
            {
                topicName = message.Topic;
                topic = handle.Topic(topicName);
            }

            var code = handle.Produce(topic, _keys.Get(message.Key), message.Value.Span, message.TraceParent, batchId);
            if (code == 0)
            {
                produced++;
            }
            else if (code == Librdkafka.ErrQueueFull)
            {
                return ProduceStep.QueueFull;
            }
            else if (code == Librdkafka.ErrFatal || (code > 0 && code != Librdkafka.ErrMsgSizeTooLarge))
            {
                // The handle failed fatally (a produce call itself refuses only with local codes or MsgSizeTooLarge).
                var fatal = handle.FatalError($"produce refused with {(ErrorCode)code}");
                countdown.RecordError(fatal);
                _core.Generations.OnFatal(handle, fatal);
                return ProduceStep.Stopped;
            }
            else
            {
                // This message only (e.g. larger than message.max.bytes): the rest of the batch still goes out.
                countdown.Rejected(new Error((ErrorCode)code));
            }
        }

        return ProduceStep.Done;
    }
}
