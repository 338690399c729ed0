using System.Collections.Concurrent;
using System.Threading.Channels;
using Observability.Core.Transport;

namespace Observability.Transport.InProcess;

/// <summary>
/// The embedded transport: one bounded channel per topic, shared by every producer and consumer created from this
/// instance. Acknowledgement is end to end: <see cref="InProcessProducer.ProduceAsync"/> completes only after a
/// consumer acknowledged every message (after its store committed), and fails when the consumer fails the batch.
/// Nothing is durable here: durability is the source's checkpoint, which advances only after that acknowledgement.
/// </summary>
public sealed class InProcessTransport
{
    private readonly ConcurrentDictionary<string, Channel<PendingBatch>> _topics = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public InProcessTransport(InProcessTransportOptions? options = null)
    {
        options ??= new InProcessTransportOptions();
        options.Validate();
        _capacity = options.TopicCapacity;
    }

    public IMessageProducer CreateProducer() => new InProcessProducer(this);

    /// <summary>A consumer of <paramref name="topics"/>; several consumers of one topic compete for its batches.</summary>
    public IMessageConsumer CreateConsumer(params string[] topics) => new InProcessConsumer(this, topics);

    /// <summary>Produce calls queued on <paramref name="topic"/> and not yet taken by a consumer.</summary>
    public int QueuedBatches(string topic) => _topics.TryGetValue(topic, out var c) && c.Reader.CanCount ? c.Reader.Count : 0;

    internal Channel<PendingBatch> Topic(string name) =>
        _topics.GetOrAdd(name, _ => Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        }));

    /// <summary>Unblocks producers of queued, never-consumed batches (the process is ending): they see a transient error.</summary>
    public void FailQueued(string reason)
    {
        foreach (var topic in _topics.Values)
        {
            while (topic.Reader.TryRead(out var pending))
            {
                pending.Fail(new TransportException(reason, isTransient: true));
            }
        }
    }
}
