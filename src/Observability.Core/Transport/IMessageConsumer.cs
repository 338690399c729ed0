namespace Observability.Core.Transport;

/// <summary>
/// The receiving side of a transport. A received batch is redelivered (after a restart or rebalance)
/// unless <see cref="MessageBatch.Acknowledge"/> is called, which a consumer does only after the next
/// durable stage (the store) confirmed every message.
/// </summary>
public interface IMessageConsumer : IAsyncDisposable
{
    /// <summary>Waits up to <paramref name="maxWait"/> for messages; returns an empty batch when none came.</summary>
    ValueTask<MessageBatch> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken);
}
