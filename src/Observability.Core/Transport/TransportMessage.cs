namespace Observability.Core.Transport;

/// <summary>
/// One message on a transport: the ECS document as UTF-8 JSON, its partitioning key
/// (<c>host.name</c> for logs and metrics, <c>trace.id</c> for spans, the job id for training topics)
/// and the W3C <c>traceparent</c> when the event belongs to a trace.
/// </summary>
public sealed record TransportMessage(string Topic, string? Key, ReadOnlyMemory<byte> Value, string? TraceParent = null)
{
    /// <summary>Where the message came from on the consumer side (partition/offset for Kafka), for logs and dead letters.</summary>
    public string? Position { get; init; }
}
