using System.Collections.Concurrent;
using Observability.Core.Transport;

namespace Observability.Transport.InProcess;

/// <summary>
/// The embedded transport: per topic, one bounded channel per consumer group (every group sees every message;
/// consumers of one group compete), shared by every producer and consumer created from this instance. Acknowledgement is end to end: <see cref="InProcessProducer.ProduceAsync"/> completes only after a
/// consumer acknowledged every message (after its store committed), and fails when the consumer fails the batch.
/// Nothing is durable here: durability is the source's checkpoint, which advances only after that acknowledgement.
/// </summary>
public sealed class InProcessTransport
{
    /// <summary>The group of consumers created without naming one (the indexer's).</summary>
    public const string DefaultGroup = "default";

    private readonly ConcurrentDictionary<string, InProcessTopic> _topics = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public InProcessTransport(InProcessTransportOptions? options = null)
    {
        options ??= new InProcessTransportOptions();
        options.Validate();
        _capacity = options.TopicCapacity;
    }

    public IMessageProducer CreateProducer() => new InProcessProducer(this);

    /// <summary>A consumer of <paramref name="topics"/> in the default group.</summary>
    public IMessageConsumer CreateConsumer(params string[] topics) => new InProcessConsumer(this, DefaultGroup, topics);

    /// <summary>
    /// A consumer of <paramref name="topics"/> in <paramref name="group"/>: it sees every message produced after the group
    /// was first created; consumers of the same group share the messages. Create consumers before producers start.
    /// </summary>
    public IMessageConsumer CreateGroupConsumer(string group, params string[] topics) => new InProcessConsumer(this, group, topics);

    /// <summary>Produce calls queued on <paramref name="topic"/> (all groups) and not yet taken by a consumer.</summary>
    public int QueuedBatches(string topic) => _topics.TryGetValue(topic, out var t) ? t.Queued : 0;

    internal InProcessTopic Topic(string name) => _topics.GetOrAdd(name, n => new InProcessTopic(n, _capacity));

    /// <summary>Unblocks producers of queued, never-consumed batches (the process is ending): they see a transient error.</summary>
    public void FailQueued(string reason)
    {
        foreach (var channel in _topics.Values.SelectMany(t => t.All))
        {
            while (channel.Reader.TryRead(out var pending))
            {
                pending.Fail(new TransportException(reason, isTransient: true));
            }
        }
    }
}
