using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>
/// <see cref="IMessageProducer"/> on Kafka: idempotent, <c>acks=all</c>, compressed (lz4 by default),
/// keyed by <see cref="TransportMessage.Key"/>, W3C <c>traceparent</c> header. A batch's task completes when
/// every message's delivery report succeeded. A message whose <see cref="TransportMessage.Value"/> is a whole
/// <c>byte[]</c> is not copied on the managed side (librdkafka copies it during the call).
/// <para>
/// A fatal librdkafka error (the idempotent producer lost its guarantees; librdkafka then refuses every message on
/// that handle) does not end the producer: the handle is replaced by a fresh one, once per fatal generation, and
/// the batches that were on the old handle fail as transient so their callers send them again (duplicates are
/// removed downstream by the deterministic event ids). See <c>recreated</c> in <see cref="Telemetry"/>.
/// </para>
/// </summary>
public sealed class KafkaMessageProducer : IMessageProducer
{
    private readonly ProducerCore<ProducerHandle> _core;
    private readonly KafkaKeyCache _keys = new();

    public KafkaMessageProducer(KafkaOptions options, ILogger<KafkaMessageProducer>? logger = null)
    {
        options.Validate();
        var log = logger ?? (ILogger)NullLogger.Instance;
        var config = KafkaClientConfig.ForProducer(options);
        _core = new ProducerCore<ProducerHandle>(options, log, (generation, onFatal) => new ProducerHandle(generation, config, log, onFatal), ProduceFrom);
        log.LogInformation("Kafka producer started with {Options}", options);
    }

    public ComponentTelemetry Telemetry => _core.Telemetry;

    /// <summary>The current Confluent client, for fixtures and diagnostics (e.g. its <see cref="IClient.Handle"/>); changes after a fatal error.</summary>
    public IClient Client => _core.Generations.Current.Producer;

    /// <summary>1 at start, one more each time a fatal error made the producer replace its librdkafka handle.</summary>
    public int Generation => _core.Generations.Current.Generation;

    public Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) =>
        _core.ProduceAsync(this, messages, cancellationToken);

    /// <summary>Waits for in-flight messages (up to <see cref="KafkaOptions.FlushTimeoutMs"/>), then closes.</summary>
    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private ProduceStep ProduceFrom(ProducerHandle handle, long batchId, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, ref int next, ref int produced)
    {
        for (; next < messages.Count; next++)
        {
            var message = messages[next];
            var kafkaMessage = new Message<byte[]?, byte[]>
            {
                Key = _keys.Get(message.Key),
                Value = ValueBytes(message.Value),
                Headers = message.TraceParent is null ? null : TraceHeaders.Create(message.TraceParent),
            };

            switch (TryProduce(handle, message.Topic, kafkaMessage, countdown))
            {
                case ProduceOutcome.Produced:
                    produced++;
                    break;
                case ProduceOutcome.QueueFull:
                    return ProduceStep.QueueFull; // the same message is tried again after the wait
                case ProduceOutcome.Stopped:
                    return ProduceStep.Stopped;
            }
        }

        return ProduceStep.Done;
    }

    private ProduceOutcome TryProduce(ProducerHandle handle, string topic, Message<byte[]?, byte[]> message, DeliveryCountdown countdown)
    {
        if (handle.ClosedBy is { } closed)
        {
            countdown.RecordError(closed);
            return ProduceOutcome.Stopped;
        }

        try
        {
            handle.Producer.Produce(topic, message, countdown.Handler);
            return ProduceOutcome.Produced;
        }
        catch (ProduceException<byte[]?, byte[]> error) when (error.Error.Code == ErrorCode.Local_QueueFull)
        {
            return ProduceOutcome.QueueFull;
        }
        catch (KafkaException error) when (IsFatalRefusal(error.Error))
        {
            countdown.RecordError(error.Error);
            _core.Generations.OnFatal(handle, error.Error);
            return ProduceOutcome.Stopped;
        }
        catch (ProduceException<byte[]?, byte[]> error)
        {
            // This message only (e.g. larger than message.max.bytes): the rest of the batch still goes out.
            countdown.Rejected(error.Error);
            return ProduceOutcome.Rejected;
        }
    }

    private static byte[] ValueBytes(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();

    /// <summary>
    /// Whether a produce call was refused because the handle failed fatally. librdkafka then returns <c>ERR__FATAL</c>,
    /// which Confluent.Kafka turns into the underlying error's code (e.g. <c>OutOfOrderSequenceNumber</c>) without the
    /// fatal flag, possibly before the error callback ran. A broker error code (positive) other than MsgSizeTooLarge
    /// can only come from that translation: a produce call itself refuses only with local codes.
    /// </summary>
    private static bool IsFatalRefusal(Error error) =>
        error.IsFatal || error.Code == ErrorCode.Local_Fatal || ((int)error.Code > 0 && error.Code != ErrorCode.MsgSizeTooLarge);

    private enum ProduceOutcome
    {
        Produced,
        QueueFull,
        Rejected,
        Stopped,
    }
}
