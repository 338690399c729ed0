namespace Observability.Training.Telemetry;

/// <summary>Where ECS telemetry documents (spans, metrics, logs) of the training stack go: the pipeline's topics.</summary>
public interface ITelemetrySink
{
    /// <summary>Queues one ECS JSON document for <paramref name="topic"/>; waits while the queue is full.</summary>
    ValueTask WriteAsync(string topic, string? key, ReadOnlyMemory<byte> ecsJson, CancellationToken cancellationToken);
}
