using Observability.Core.Transport;

namespace Observability.Transport.InProcess;

/// <summary>Sends to an <see cref="InProcessTransport"/>; completes when the consumers acknowledged everything sent.</summary>
public sealed class InProcessProducer : IMessageProducer
{
    private readonly InProcessTransport _transport;
    private volatile bool _disposed;

    internal InProcessProducer(InProcessTransport transport) => _transport = transport;

    public async Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (messages.Count == 0)
        {
            return;
        }

        var pending = new List<PendingBatch>(1);
        foreach (var group in GroupByTopic(messages))
        {
            var targets = _transport.Topic(group.Key).Targets();
            var batch = new PendingBatch(group.Value, targets.Count);
            foreach (var channel in targets)
            {
                // Waits while the topic is full: this is the backpressure that slows a source down to what the store takes.
                await channel.Writer.WriteAsync(batch, cancellationToken);
            }

            pending.Add(batch);
        }

        foreach (var batch in pending)
        {
            await batch.Completion.WaitAsync(cancellationToken);
        }
    }

    private static Dictionary<string, IReadOnlyList<TransportMessage>> GroupByTopic(IReadOnlyList<TransportMessage> messages)
    {
        var first = messages[0].Topic;
        var single = true;
        for (var i = 1; i < messages.Count && single; i++)
        {
            single = string.Equals(messages[i].Topic, first, StringComparison.Ordinal);
        }

        if (single)
        {
            return new(StringComparer.Ordinal) { [first] = messages };
        }

        var groups = new Dictionary<string, List<TransportMessage>>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            if (!groups.TryGetValue(m.Topic, out var list))
            {
                groups[m.Topic] = list = [];
            }

            list.Add(m);
        }

        return groups.ToDictionary(g => g.Key, g => (IReadOnlyList<TransportMessage>)g.Value, StringComparer.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
