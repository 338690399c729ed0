using System.Collections.Concurrent;
using System.Threading.Channels;
using Observability.Core.Transport;

namespace Observability.Training.Bus;

/// <summary>
/// The embedded-mode transport of the training services: topics with consumer groups over bounded channels, the
/// same semantics the services get from Kafka (every group sees every message of a topic; consumers of one group
/// share them). Produce waits while a group's channel is full, so a slow consumer slows its producers down instead
/// of losing messages. Messages produced to a topic before a group subscribed are not delivered to that group.
/// </summary>
public sealed class InProcessTrainingBus
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Channel<TransportMessage>>> _topics = new(StringComparer.Ordinal);

    public InProcessTrainingBus(int capacityPerGroup = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPerGroup, 1);
        _capacity = capacityPerGroup;
    }

    public IMessageProducer CreateProducer() => new Producer(this);

    /// <summary>Joins consumer group <paramref name="group"/> of <paramref name="topic"/> (created on first use).</summary>
    public IMessageConsumer Subscribe(string topic, string group)
    {
        var groups = _topics.GetOrAdd(topic, _ => new(StringComparer.Ordinal));
        var channel = groups.GetOrAdd(group, _ => Channel.CreateBounded<TransportMessage>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        }));
        return new Consumer(channel.Reader);
    }

    private async Task PublishAsync(TransportMessage message, CancellationToken ct)
    {
        if (!_topics.TryGetValue(message.Topic, out var groups))
        {
            return;
        }

        foreach (var channel in groups.Values)
        {
            await channel.Writer.WriteAsync(message, ct);
        }
    }

    private sealed class Producer(InProcessTrainingBus bus) : IMessageProducer
    {
        public async Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var m in messages)
            {
                await bus.PublishAsync(m, cancellationToken);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Consumer(ChannelReader<TransportMessage> reader) : IMessageConsumer
    {
        public async ValueTask<MessageBatch> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
        {
            var list = new List<TransportMessage>();
            while (list.Count < maxMessages && reader.TryRead(out var m))
            {
                list.Add(m);
            }

            if (list.Count == 0)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(maxWait);
                try
                {
                    if (await reader.WaitToReadAsync(timeout.Token))
                    {
                        while (list.Count < maxMessages && reader.TryRead(out var m))
                        {
                            list.Add(m);
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // waited maxWait: an empty batch
                }
            }

            return list.Count == 0 ? MessageBatch.Empty : new MessageBatch(list, null);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
