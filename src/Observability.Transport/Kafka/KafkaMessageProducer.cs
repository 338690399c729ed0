using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
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
/// </summary>
public sealed class KafkaMessageProducer : IMessageProducer
{
    private const int MaxCachedKeys = 4096;
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(2);

    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly KafkaOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte[]> _keyBytes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DeliveryCountdown, byte> _active = new();
    private int _disposed;

    public KafkaMessageProducer(KafkaOptions options, ILogger<KafkaMessageProducer>? logger = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _producer = new ProducerBuilder<byte[]?, byte[]>(KafkaClientConfig.ForProducer(options))
            .SetErrorHandler((_, error) => KafkaClientLog.OnError(_logger, error))
            .SetLogHandler((_, message) => KafkaClientLog.OnLog(_logger, message))
            .Build();
        _logger.LogInformation("Kafka producer started with {Options}", options);
    }

    public KafkaProducerMetrics Metrics { get; } = new();

    /// <summary>The Confluent client, for fixtures and diagnostics (e.g. its <see cref="IClient.Handle"/>).</summary>
    public IClient Client => _producer;

    public async Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (messages.Count == 0)
        {
            return;
        }

        var countdown = new DeliveryCountdown(messages.Count, Metrics);
        _active.TryAdd(countdown, 0);
        try
        {
            await ProduceAndWaitAsync(messages, countdown, cancellationToken);
        }
        finally
        {
            _active.TryRemove(countdown, out _);
        }
    }

    private async Task ProduceAndWaitAsync(IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, CancellationToken cancellationToken)
    {
        var produced = 0;
        Exception? stoppedBy = null;
        try
        {
            for (; produced < messages.Count; produced++)
            {
                var message = messages[produced];
                var kafkaMessage = new Message<byte[]?, byte[]>
                {
                    Key = KeyBytes(message.Key),
                    Value = ValueBytes(message.Value),
                    Headers = message.TraceParent is null ? null : TraceHeaders.Create(message.TraceParent),
                };

                while (!TryProduce(message.Topic, kafkaMessage, countdown))
                {
                    // librdkafka's queue is full: wait for deliveries to make room (backpressure, never drop).
                    Metrics.OnQueueFull();
                    await Task.Delay(QueueFullWait, cancellationToken);
                }
            }
        }
        catch (ProduceException<byte[]?, byte[]> error)
        {
            countdown.RecordError(error.Error);
            stoppedBy = error;
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
            Metrics.OnProduced(produced);
            countdown.ProducingFinished(messages.Count - produced);
        }

        // Messages already handed over are delivered or fail on their own; the caller stops waiting on cancel.
        await countdown.Completion.WaitAsync(cancellationToken);
        if (stoppedBy is OperationCanceledException)
        {
            throw stoppedBy;
        }

        if (countdown.FirstError is { } firstError)
        {
            var notDelivered = messages.Count - countdown.Delivered;
            throw KafkaErrorClassifier.ToTransportException(
                $"{notDelivered} of {messages.Count} messages were not delivered", firstError, stoppedBy);
        }
    }

    /// <summary>Waits for in-flight messages (up to <see cref="KafkaOptions.FlushTimeoutMs"/>), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.Run(() =>
        {
            var left = _producer.Flush(TimeSpan.FromMilliseconds(_options.FlushTimeoutMs));
            if (left > 0)
            {
                // Fail the waiting batches (transient) instead of leaving their tasks pending forever.
                _logger.LogWarning("Kafka producer closed with {Undelivered} messages undelivered; their batches fail", left);
                foreach (var countdown in _active.Keys)
                {
                    countdown.Abandon(new Error(ErrorCode.Local_Destroy, "the producer was closed before delivery"));
                }
            }

            _producer.Dispose();
        });
    }

    private bool TryProduce(string topic, Message<byte[]?, byte[]> message, DeliveryCountdown countdown)
    {
        try
        {
            _producer.Produce(topic, message, countdown.Handler);
            return true;
        }
        catch (ProduceException<byte[]?, byte[]> error) when (error.Error.Code == ErrorCode.Local_QueueFull)
        {
            return false;
        }
    }

    private byte[]? KeyBytes(string? key)
    {
        if (key is null)
        {
            return null;
        }

        if (_keyBytes.TryGetValue(key, out var bytes))
        {
            return bytes;
        }

        bytes = Encoding.UTF8.GetBytes(key);
        if (_keyBytes.Count < MaxCachedKeys)
        {
            _keyBytes.TryAdd(key, bytes);
        }

        return bytes;
    }

    private static byte[] ValueBytes(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
