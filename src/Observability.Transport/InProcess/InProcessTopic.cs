using System.Threading.Channels;

namespace Observability.Transport.InProcess;

/// <summary>
/// One topic: a bounded channel per consumer group, so every group sees every message (as Kafka consumer groups do)
/// and consumers within a group compete. A produce call waits until each group acknowledged it. Messages produced
/// while no group exists wait in the default group's channel, so nothing is lost when a producer starts first.
/// </summary>
internal sealed class InProcessTopic
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private Dictionary<string, Channel<PendingBatch>> _groups = new(StringComparer.Ordinal);

    public InProcessTopic(string name, int capacity)
    {
        Name = name;
        _capacity = capacity;
    }

    public string Name { get; }

    public Channel<PendingBatch> Group(string group)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var channel))
            {
                channel = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(_capacity)
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = false,
                    SingleWriter = false,
                });
                // Copy-on-write so producers read the group list without the lock.
                _groups = new Dictionary<string, Channel<PendingBatch>>(_groups, StringComparer.Ordinal) { [group] = channel };
            }

            return channel;
        }
    }

    /// <summary>The channels a produce call writes to: every group, or the default group's when there is none yet.</summary>
    public IReadOnlyCollection<Channel<PendingBatch>> Targets()
    {
        var groups = _groups;
        return groups.Count > 0 ? groups.Values : [Group(InProcessTransport.DefaultGroup)];
    }

    public int Queued
    {
        get
        {
            var groups = _groups;
            return groups.Values.Sum(c => c.Reader.CanCount ? c.Reader.Count : 0);
        }
    }

    public IEnumerable<Channel<PendingBatch>> All => _groups.Values;
}
