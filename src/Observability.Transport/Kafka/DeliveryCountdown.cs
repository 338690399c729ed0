using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>
/// Collects the delivery reports of one produced batch: one object and one delegate per batch, nothing
/// per message. Completes when every produced message reported; remembers the first failure.
/// </summary>
internal sealed class DeliveryCountdown
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TelemetryCounter _sent;
    private readonly TelemetryCounter _failedDelivery;
    private readonly Action<Error>? _onFatal;

    // One extra count is held by the producing loop, so reports racing the loop cannot complete early.
    private int _pending;
    private int _failed;
    private int _delivered;
    private Error? _firstError;

    /// <param name="onFatal">Called when a delivery report carries a fatal error (the handle must be replaced).</param>
    public DeliveryCountdown(int messages, TelemetryCounter sent, TelemetryCounter failedDelivery, Action<Error>? onFatal = null)
    {
        _pending = messages + 1;
        _sent = sent;
        _failedDelivery = failedDelivery;
        _onFatal = onFatal;
        Handler = OnDelivery;
    }

    public Action<DeliveryReport<byte[]?, byte[]>> Handler { get; }

    public Task Completion => _completion.Task;

    public int Failed => Volatile.Read(ref _failed);

    public int Delivered => Volatile.Read(ref _delivered);

    public Error? FirstError => Volatile.Read(ref _firstError);

    /// <summary>The producing loop is done; <paramref name="notProduced"/> messages were never handed to librdkafka.</summary>
    public void ProducingFinished(int notProduced)
    {
        if (Interlocked.Add(ref _pending, -(notProduced + 1)) == 0)
        {
            _sent.Add(Delivered);
            _completion.TrySetResult();
        }
    }

    /// <summary>
    /// After <see cref="Completion"/>: throws what the caller must see. The batch failed if any message did; when the
    /// handle closed under it (<paramref name="handleClosedBy"/>: fatal error or closing) that is transient, as the next
    /// handle can take it; otherwise the first error is classified by <see cref="KafkaErrorClassifier"/>.
    /// </summary>
    public void ThrowIfFailed(int messages, Error? handleClosedBy, Exception? stoppedBy)
    {
        if (stoppedBy is OperationCanceledException)
        {
            throw stoppedBy;
        }

        if (FirstError is not { } firstError)
        {
            return;
        }

        var context = $"{messages - Delivered} of {messages} messages were not delivered";
        if (handleClosedBy is { } closed)
        {
            throw new TransportException($"{context}: the Kafka producer handle closed ({closed.Code}: {closed.Reason}); first error {firstError.Code}", isTransient: true, stoppedBy);
        }

        throw KafkaErrorClassifier.ToTransportException(context, firstError, stoppedBy);
    }

    /// <summary>An error that stopped the producing loop (the message it concerns was never handed over).</summary>
    public void RecordError(Error error) => Interlocked.CompareExchange(ref _firstError, error, null);

    /// <summary>librdkafka refused one message at once (e.g. larger than <c>message.max.bytes</c>); the others go on.</summary>
    public void Rejected(Error error)
    {
        Interlocked.Increment(ref _failed);
        RecordError(error);
        _failedDelivery.Add();
        Interlocked.Decrement(ref _pending);
    }

    /// <summary>The producer is closing (or its handle died): stop waiting for the reports still missing, failing the batch.</summary>
    public void Abandon(Error error)
    {
        RecordError(error);
        _completion.TrySetResult();
    }

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report) => Report(report.Error.IsError ? report.Error : null);

    /// <summary>One message's delivery report: <paramref name="error"/> null when it was delivered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Report(Error? error)
    {
        if (error is not null)
        {
            Interlocked.Increment(ref _failed);
            RecordError(error);
            _failedDelivery.Add();
            if (error.IsFatal)
            {
                _onFatal?.Invoke(error);
            }
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            // The shared counter is touched once per batch, not per message (it is contended across batches).
            _sent.Add(Delivered);
            _completion.TrySetResult();
        }
    }
}
