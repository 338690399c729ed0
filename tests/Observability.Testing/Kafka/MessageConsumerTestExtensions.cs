using Observability.Core.Transport;

namespace Observability.Testing.Kafka;

/// <summary>Receiving helpers for tests: poll a consumer for a condition with a generous timeout, never sleep.</summary>
public static class MessageConsumerTestExtensions
{
    /// <summary>
    /// Receives batches until <paramref name="count"/> messages came (or <paramref name="timeout"/> passed),
    /// acknowledging each batch when <paramref name="acknowledge"/>. Never asks for more than are missing.
    /// </summary>
    public static async Task<List<TransportMessage>> ReceiveCountAsync(
        this IMessageConsumer consumer, int count, TimeSpan timeout, bool acknowledge = true, CancellationToken cancellationToken = default)
    {
        var received = new List<TransportMessage>(count);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (received.Count < count && !deadline.IsCancellationRequested)
        {
            MessageBatch batch;
            try
            {
                batch = await consumer.ReceiveAsync(count - received.Count, TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }

            received.AddRange(batch.Messages);
            if (acknowledge)
            {
                batch.Acknowledge();
            }
        }

        return received;
    }
}
