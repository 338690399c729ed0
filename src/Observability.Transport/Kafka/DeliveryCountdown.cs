using Confluent.Kafka;

namespace Observability.Transport.Kafka;

/// <summary>
/// Collects the delivery reports of one produced batch: one object and one delegate per batch, nothing
/// per message. Completes when every produced message reported; remembers the first failure.
/// </summary>
internal sealed class DeliveryCountdown
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KafkaProducerMetrics _metrics;
    private readonly Action<Error>? _onFatal;

    // One extra count is held by the producing loop, so reports racing the loop cannot complete early.
    private int _pending;
    private int _failed;
    private int _delivered;
    private Error? _firstError;

    /// <param name="onFatal">Called when a delivery report carries a fatal error (the handle must be replaced).</param>
    public DeliveryCountdown(int messages, KafkaProducerMetrics metrics, Action<Error>? onFatal = null)
    {
        _pending = messages + 1;
        _metrics = metrics;
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
            _metrics.OnDelivered(Delivered);
            _completion.TrySetResult();
        }
    }

    /// <summary>An error that stopped the producing loop (the message it concerns was never handed over).</summary>
    public void RecordError(Error error) => Interlocked.CompareExchange(ref _firstError, error, null);

    /// <summary>librdkafka refused one message at once (e.g. larger than <c>message.max.bytes</c>); the others go on.</summary>
    public void Rejected(Error error)
    {
        Interlocked.Increment(ref _failed);
        RecordError(error);
        _metrics.OnFailed();
        Interlocked.Decrement(ref _pending);
    }

    /// <summary>The producer is closing (or its handle died): stop waiting for the reports still missing, failing the batch.</summary>
    public void Abandon(Error error)
    {
        RecordError(error);
        _completion.TrySetResult();
    }

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            RecordError(report.Error);
            _metrics.OnFailed();
            if (report.Error.IsFatal)
            {
                _onFatal?.Invoke(report.Error);
            }
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            // The shared counter is touched once per batch, not per message (it is contended across batches).
            _metrics.OnDelivered(Delivered);
            _completion.TrySetResult();
        }
    }
}
