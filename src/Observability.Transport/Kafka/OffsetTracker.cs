using Confluent.Kafka;

namespace Observability.Transport.Kafka;

/// <summary>
/// Decides which offsets a Kafka consumer may store. Per partition it keeps the received, not yet
/// acknowledged ranges in arrival order; an offset is stored only when every range before it is
/// acknowledged, so acknowledging batches out of order never moves a partition past an unacknowledged
/// message. A failed range drops itself and every later range of its partition and asks for a seek back
/// to its first offset; a revoked partition drops everything, so a late acknowledgement stores nothing.
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private readonly Action<TopicPartitionOffset> _store;

    /// <param name="store">Stores one offset; called under the tracker's lock so stores never go backwards.</param>
    public OffsetTracker(Action<TopicPartitionOffset> store) => _store = store;

    /// <summary>The current state of a partition and its epoch, noted when its first message of a receive arrives.</summary>
    public (PartitionState State, int Epoch) Current(TopicPartition partition)
    {
        lock (_gate)
        {
            if (!_partitions.TryGetValue(partition, out var state))
            {
                state = new PartitionState(partition);
                _partitions.Add(partition, state);
            }

            return (state, state.Epoch);
        }
    }

    /// <summary>True while a failed batch's seek on this partition is not yet applied: its messages are stale.</summary>
    public bool HasPendingSeek(TopicPartition partition)
    {
        lock (_gate)
        {
            return _partitions.TryGetValue(partition, out var state) && state.SeekTo is not null;
        }
    }

    /// <summary>
    /// Registers the ranges of one receive. A range whose partition was revoked or failed since its first
    /// message arrived comes back null: its messages must not be handed out (they will come again).
    /// </summary>
    public OffsetRange?[] Register(IReadOnlyList<PendingRange> ranges)
    {
        var registered = new OffsetRange?[ranges.Count];
        lock (_gate)
        {
            for (var i = 0; i < ranges.Count; i++)
            {
                var pending = ranges[i];
                if (pending.State.Detached || pending.State.Epoch != pending.Epoch || pending.State.SeekTo is not null)
                {
                    continue;
                }

                var range = new OffsetRange(pending.State, pending.First, pending.Last);
                pending.State.Outstanding.AddLast(range.Node);
                registered[i] = range;
            }
        }

        return registered;
    }

    public void Acknowledge(IEnumerable<OffsetRange> ranges)
    {
        lock (_gate)
        {
            foreach (var range in ranges)
            {
                var state = range.State;
                if (state.Detached || range.Node.List is null)
                {
                    continue; // revoked, or dropped by a failure before it: redelivered, so nothing to store
                }

                range.Acknowledged = true;
                long? next = null;
                while (state.Outstanding.First is { Value.Acknowledged: true } first)
                {
                    next = first.Value.Last + 1;
                    state.Outstanding.RemoveFirst();
                }

                if (next is { } offset)
                {
                    _store(new TopicPartitionOffset(state.Partition, new Offset(offset)));
                }
            }
        }
    }

    public void Fail(IEnumerable<OffsetRange> ranges)
    {
        lock (_gate)
        {
            foreach (var range in ranges)
            {
                var state = range.State;
                if (state.Detached || range.Node.List is null)
                {
                    continue;
                }

                var node = range.Node;
                while (node is not null)
                {
                    var next = node.Next;
                    state.Outstanding.Remove(node);
                    node = next;
                }

                state.SeekTo = state.SeekTo is { } earlier ? Math.Min(earlier, range.First) : range.First;
                state.Epoch++;
            }
        }
    }

    /// <summary>The seeks failed batches asked for, to apply on the consumer's thread.</summary>
    public List<TopicPartitionOffset> PendingSeeks()
    {
        lock (_gate)
        {
            var seeks = new List<TopicPartitionOffset>();
            foreach (var state in _partitions.Values)
            {
                if (state.SeekTo is { } offset)
                {
                    seeks.Add(new TopicPartitionOffset(state.Partition, new Offset(offset)));
                }
            }

            return seeks;
        }
    }

    public void SeekApplied(TopicPartitionOffset seek)
    {
        lock (_gate)
        {
            if (_partitions.TryGetValue(seek.TopicPartition, out var state) && state.SeekTo == seek.Offset.Value)
            {
                state.SeekTo = null;
            }
        }
    }

    /// <summary>The partitions left this consumer: forget them, so nothing unacknowledged can be stored.</summary>
    public void Revoke(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                if (_partitions.Remove(partition, out var state))
                {
                    state.Detached = true;
                    state.Outstanding.Clear();
                }
            }
        }
    }

    internal sealed class PartitionState(TopicPartition partition)
    {
        public TopicPartition Partition { get; } = partition;

        public LinkedList<OffsetRange> Outstanding { get; } = new();

        public long? SeekTo { get; set; }

        public int Epoch { get; set; }

        public bool Detached { get; set; }
    }

    internal sealed record PendingRange(PartitionState State, int Epoch, long First, long Last);
}
