using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
/// removed downstream by the deterministic event ids). See <see cref="KafkaProducerMetrics.Recreated"/>.
/// </para>
/// </summary>
public sealed class KafkaMessageProducer : IMessageProducer
{
        private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(2);

    private readonly KafkaOptions _options;
    private readonly ILogger _logger;
    private readonly ProducerGenerations<ProducerHandle> _generations;
    private readonly KafkaKeyCache _keys = new();
    private int _disposed;

    public KafkaMessageProducer(KafkaOptions options, ILogger<KafkaMessageProducer>? logger = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var config = KafkaClientConfig.ForProducer(options);
        var logger1 = _logger;
        _generations = new ProducerGenerations<ProducerHandle>((generation, onFatal) => new ProducerHandle(generation, config, logger1, onFatal), _logger, Metrics);
        _logger.LogInformation("Kafka producer started with {Options}", options);
    }

    public KafkaProducerMetrics Metrics { get; } = new();

    /// <summary>The current Confluent client, for fixtures and diagnostics (e.g. its <see cref="IClient.Handle"/>); changes after a fatal error.</summary>
    public IClient Client => _generations.Current.Producer;

    /// <summary>1 at start, one more each time a fatal error made the producer replace its librdkafka handle.</summary>
    public int Generation => _generations.Current.Generation;

    public async Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (messages.Count == 0)
        {
            return;
        }

        var handle = _generations.Enter();
        var countdown = new DeliveryCountdown(messages.Count, Metrics, error => _generations.OnFatal(handle, error));
        handle.Waiting.TryAdd(countdown, 0);
        try
        {
            await ProduceAndWaitAsync(handle, messages, countdown, cancellationToken);
        }
        finally
        {
            handle.Waiting.TryRemove(countdown, out _);
        }
    }

    private async Task ProduceAndWaitAsync(ProducerHandle handle, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, CancellationToken cancellationToken)
    {
        var next = 0; // messages handed over or rejected so far; those from here on were never handed to librdkafka
        var produced = 0;
        Exception? stoppedBy = null;
        try
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

                var outcome = TryProduce(handle, message.Topic, kafkaMessage, countdown);
                while (outcome == ProduceOutcome.QueueFull)
                {
                    // librdkafka's queue is full: wait for deliveries to make room (backpressure, never drop).
                    Metrics.OnQueueFull();
                    await Task.Delay(QueueFullWait, cancellationToken);
                    outcome = TryProduce(handle, message.Topic, kafkaMessage, countdown);
                }

                if (outcome == ProduceOutcome.Stopped)
                {
                    break;
                }

                produced += outcome == ProduceOutcome.Produced ? 1 : 0;
            }
        }
        catch (KafkaException error)
        {
            countdown.RecordError(error.Error);
            stoppedBy = error;
        }
        catch (OperationCanceledException error)
        {
            stoppedBy = error;
        }
        finally
        {
            handle.Exit();
            Metrics.OnProduced(produced);
            countdown.ProducingFinished(messages.Count - next);
        }

        // Messages already handed over are delivered or fail on their own (or are abandoned when their handle is
        // destroyed); the caller stops waiting on cancel.
        await countdown.Completion.WaitAsync(cancellationToken);
        countdown.ThrowIfFailed(messages.Count, handle.ClosedBy, stoppedBy);
    }

    /// <summary>Waits for in-flight messages (up to <see cref="KafkaOptions.FlushTimeoutMs"/>), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var left = await _generations.CloseAsync(TimeSpan.FromMilliseconds(_options.FlushTimeoutMs));
        if (left > 0)
        {
            // Their batches fail (transient) instead of leaving their tasks pending forever.
            _logger.LogWarning("Kafka producer closed with {Undelivered} messages undelivered; their batches fail", left);
        }
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
            _generations.OnFatal(handle, error.Error);
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
