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

    // One extra count is held by the producing loop, so reports racing the loop cannot complete early.
    private int _pending;
    private int _failed;
    private int _delivered;
    private Error? _firstError;

    public DeliveryCountdown(int messages, KafkaProducerMetrics metrics)
    {
        _pending = messages + 1;
        _metrics = metrics;
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
            _completion.TrySetResult();
        }
    }

    /// <summary>An error that stopped the producing loop (the message it concerns was never handed over).</summary>
    public void RecordError(Error error) => Interlocked.CompareExchange(ref _firstError, error, null);

    /// <summary>The producer is closing: stop waiting for the reports still missing, failing the batch.</summary>
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
        }
        else
        {
            Interlocked.Increment(ref _delivered);
            _metrics.OnDelivered();
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _completion.TrySetResult();
        }
    }
}
