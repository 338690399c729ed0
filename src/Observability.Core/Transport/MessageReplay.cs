using System.Runtime.CompilerServices;

namespace Observability.Core.Transport;

/// <summary>Reading a compacted topic back from its beginning, as the singletons' state logs do on a new term.</summary>
public static class MessageReplay
{
    /// <summary>
    /// Every message <paramref name="consumer"/> receives until none arrives for <paramref name="idle"/>. Give it a consumer
    /// that starts at the beginning and never commits (a fresh group, <c>auto.offset.reset=earliest</c>), so each replay
    /// reads the whole topic (<c>train.events</c>, <c>obs.report-schedules</c>). Nothing is acknowledged.
    /// </summary>
    public static async IAsyncEnumerable<TransportMessage> ReplayAsync(this IMessageConsumer consumer, TimeSpan idle,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await consumer.ReceiveAsync(1000, idle, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                yield break;
            }

            foreach (var message in batch.Messages)
            {
                yield return message;
            }
        }
    }
}
