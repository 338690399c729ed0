namespace Observability.Transport.Kafka;

/// <summary>What a Kafka producer did since it started (STYLE.md #8): read them for status lines and self-metrics.</summary>
public sealed class KafkaProducerMetrics
{
    private long _produced;
    private long _delivered;
    private long _failed;
    private long _queueFullWaits;
    private long _recreated;

    /// <summary>Messages handed to librdkafka.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Messages the cluster acknowledged (<c>acks=all</c>), counted when their batch completes.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages whose delivery failed (their batch threw <see cref="Observability.Core.Transport.TransportException"/>).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Times a produce waited because librdkafka's local queue was full (backpressure).</summary>
    public long QueueFullWaits => Interlocked.Read(ref _queueFullWaits);

    /// <summary>Times a fatal librdkafka error made the producer replace its handle with a new one.</summary>
    public long Recreated => Interlocked.Read(ref _recreated);

    internal void OnProduced(int count) => Interlocked.Add(ref _produced, count);

    internal void OnDelivered(int count) => Interlocked.Add(ref _delivered, count);

    internal void OnFailed() => Interlocked.Increment(ref _failed);

    internal void OnQueueFull() => Interlocked.Increment(ref _queueFullWaits);

    internal void OnRecreated() => Interlocked.Increment(ref _recreated);
}
