using System.Collections.Concurrent;
using System.Threading.Channels;
using Observability.Core.Transport;

namespace Observability.Training.Bus;

/// <summary>
/// The embedded-mode transport of the training services: topics with consumer groups over bounded channels, with the
/// semantics the services get from Kafka: every group sees every message of a topic; a received batch that was not
/// acknowledged (failed, or its consumer went away, as when a scheduler restarts) is delivered again to the group's
/// next consumer. Produce waits while a group's channel is full, so a slow consumer slows its producers down instead of
/// losing messages. Messages produced to a topic before a group first subscribed are not delivered to that group, and
/// a produce call does not wait for consumers: unlike <c>obs up</c>'s in-process transport, whose producers wait for
/// the store's acknowledgement, this is for training services that run with no indexer (<c>obs jobs submit --local</c>).
/// </summary>
public sealed class InProcessTrainingBus : IMessageTransport, IDisposable
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Group>> _topics = new(StringComparer.Ordinal);

    public InProcessTrainingBus(int capacityPerGroup = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityPerGroup, 1);
        _capacity = capacityPerGroup;
    }

    public string Description => "in-process (training bus)";

    public IMessageProducer CreateProducer() => new Producer(this);

    /// <summary>Joins consumer group <paramref name="group"/> of one topic (created on first use).</summary>
    public IMessageConsumer CreateConsumer(string group, params string[] topics)
    {
        if (topics is not [var topic])
        {
            throw new ArgumentException($"a training bus consumer reads one topic, not {topics.Length}", nameof(topics));
        }

        var groups = _topics.GetOrAdd(topic, _ => new(StringComparer.Ordinal));
        var g = groups.GetOrAdd(group, _ => new Group(Channel.CreateBounded<TransportMessage>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        })));
        return new Consumer(g);
    }

    /// <summary>Nothing to close: the channels go with the bus, and a consumer's unacknowledged batch returns to its group when it is disposed.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>As <see cref="DisposeAsync"/>; lets a host built with <c>using</c> dispose its services.</summary>
    public void Dispose()
    {
    }

    private async Task PublishAsync(TransportMessage message, CancellationToken ct)
    {
        if (!_topics.TryGetValue(message.Topic, out var groups))
        {
            return;
        }

        foreach (var g in groups.Values)
        {
            await g.Channel.Writer.WriteAsync(message, ct);
        }
    }

    /// <summary>A consumer group: its channel and the messages handed out but not yet acknowledged.</summary>
    private sealed class Group(Channel<TransportMessage> channel)
    {
        public Channel<TransportMessage> Channel { get; } = channel;
        public Lock Gate { get; } = new();
        public Queue<TransportMessage> Redeliver { get; } = new();

        public void Return(IEnumerable<TransportMessage> messages)
        {
            lock (Gate)
            {
                foreach (var m in messages)
                {
                    Redeliver.Enqueue(m);
                }
            }
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

    private sealed class Consumer(Group group) : IMessageConsumer
    {
        private readonly HashSet<MessageBatch> _unacknowledged = [];
        private readonly Lock _gate = new();

        public async ValueTask<MessageBatch> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
        {
            var list = new List<TransportMessage>();
            lock (group.Gate)
            {
                while (list.Count < maxMessages && group.Redeliver.TryDequeue(out var m))
                {
                    list.Add(m);
                }
            }

            var reader = group.Channel.Reader;
            while (list.Count < maxMessages && reader.TryRead(out var next))
            {
                list.Add(next);
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

            if (list.Count == 0)
            {
                return MessageBatch.Empty;
            }

            var batch = new MessageBatch(list, Settled, (b, _) =>
            {
                Settled(b);
                group.Return(b.Messages);
            });
            lock (_gate)
            {
                _unacknowledged.Add(batch);
            }

            return batch;
        }

        private void Settled(MessageBatch batch)
        {
            lock (_gate)
            {
                _unacknowledged.Remove(batch);
            }
        }

        /// <summary>Leaving the group: what this consumer received but never acknowledged goes to the next one.</summary>
        public ValueTask DisposeAsync()
        {
            List<MessageBatch> open;
            lock (_gate)
            {
                open = _unacknowledged.ToList();
                _unacknowledged.Clear();
            }

            group.Return(open.SelectMany(b => b.Messages));
            return ValueTask.CompletedTask;
        }
    }
}
