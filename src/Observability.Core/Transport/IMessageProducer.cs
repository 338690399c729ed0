namespace Observability.Core.Transport;

/// <summary>
/// The sending side of a transport. <see cref="ProduceAsync"/> completes only when every message of the
/// batch is durably accepted downstream (Kafka: <c>acks=all</c> delivery reports; in-process: the consumer
/// acknowledged the batch after its store committed). A source advances its checkpoint only then.
/// </summary>
public interface IMessageProducer : IAsyncDisposable
{
    /// <summary>Sends the batch; throws <see cref="TransportException"/> when any message could not be delivered.</summary>
    Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken);
}
