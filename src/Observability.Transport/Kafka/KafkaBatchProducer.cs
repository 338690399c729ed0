using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(2);

    private readonly KafkaOptions _options;
    private readonly ILogger _logger;
    private readonly ProducerGenerations<NativeProducerHandle> _generations;
    private readonly KafkaKeyCache _keys = new();
    private int _disposed;

    public KafkaBatchProducer(KafkaOptions options, ILogger? logger = null)
    {
        options.Validate();
        _options = options;
        var log = logger ?? NullLogger.Instance;
        _logger = log;
        var config = KafkaClientConfig.ForProducer(options);
        _generations = new ProducerGenerations<NativeProducerHandle>((generation, onFatal) => new NativeProducerHandle(generation, config, log, onFatal), log, Metrics);
        _logger.LogInformation("Kafka batch producer started on {Librdkafka} with {Options}", Librdkafka.Bind(), options);
    }

    public KafkaProducerMetrics Metrics { get; } = new();

    /// <summary>1 at start, one more each time a fatal error made the producer replace its librdkafka handle.</summary>
    public int Generation => _generations.Current.Generation;

    /// <summary>The current <c>rd_kafka_t*</c>, for fixtures and diagnostics; changes after a fatal error.</summary>
    public nint RdKafkaHandle => _generations.Current.Rk;

    public async Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (messages.Count == 0)
        {
            return;
        }

        var handle = _generations.Enter();
        var countdown = new DeliveryCountdown(messages.Count, Metrics, error => _generations.OnFatal(handle, error));
        var batchId = handle.Register(countdown);
        try
        {
            await ProduceAndWaitAsync(handle, batchId, messages, countdown, cancellationToken);
        }
        finally
        {
            handle.Unregister(batchId);
        }
    }

    /// <summary>Waits for in-flight messages (up to <see cref="KafkaOptions.FlushTimeoutMs"/>), then closes; batches still waiting fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var left = await _generations.CloseAsync(TimeSpan.FromMilliseconds(_options.FlushTimeoutMs));
        if (left > 0)
        {
            _logger.LogWarning("Kafka batch producer closed with {Undelivered} messages undelivered; their batches fail", left);
        }
    }

    private async Task ProduceAndWaitAsync(NativeProducerHandle handle, long batchId, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, CancellationToken cancellationToken)
    {
        var next = 0; // messages handed over or rejected so far; those from here on were never handed to librdkafka
        var produced = 0;
        Exception? stoppedBy = null;
        try
        {
            while (ProduceFrom(handle, batchId, messages, countdown, ref next, ref produced) == Outcome.QueueFull)
            {
                // librdkafka's queue is full: wait for deliveries to make room (backpressure, never drop).
                Metrics.OnQueueFull();
                await Task.Delay(QueueFullWait, cancellationToken);
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

    /// <summary>Produces from <paramref name="next"/> on until the batch is done, the queue is full or the handle stopped.</summary>
    private Outcome ProduceFrom(NativeProducerHandle handle, long batchId, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, ref int next, ref int produced)
    {
        string? topicName = null;
        nint topic = 0;
        for (; next < messages.Count; next++)
        {
            if (handle.ClosedBy is { } closed)
            {
                countdown.RecordError(closed);
                return Outcome.Stopped;
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
                return Outcome.QueueFull;
            }
            else if (code == Librdkafka.ErrFatal || (code > 0 && code != Librdkafka.ErrMsgSizeTooLarge))
            {
                // The handle failed fatally (a produce call itself refuses only with local codes or MsgSizeTooLarge).
                var fatal = handle.FatalError($"produce refused with {(ErrorCode)code}");
                countdown.RecordError(fatal);
                _generations.OnFatal(handle, fatal);
                return Outcome.Stopped;
            }
            else
            {
                // This message only (e.g. larger than message.max.bytes): the rest of the batch still goes out.
                countdown.Rejected(new Error((ErrorCode)code));
            }
        }

        return Outcome.Done;
    }

    private enum Outcome
    {
        Done,
        QueueFull,
        Stopped,
    }
}
