using Confluent.Kafka;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>The messages of one receive, with the offset range they cover on each partition.</summary>
internal sealed class ReceivedMessages
{
    private readonly OffsetTracker _tracker;
    private readonly List<TransportMessage> _messages;
    private readonly List<int> _partitionOfMessage;
    private readonly List<OffsetTracker.PendingRange> _ranges = [];
    private readonly Dictionary<TopicPartition, int> _rangeIndex = [];

    public ReceivedMessages(int capacity, OffsetTracker tracker)
    {
        _tracker = tracker;
        _messages = new List<TransportMessage>(capacity);
        _partitionOfMessage = new List<int>(capacity);
    }

    public int Count => _messages.Count;

    public void Add(ConsumeResult<byte[]?, byte[]?> result, TransportMessage message)
    {
        var offset = result.Offset.Value;
        if (_rangeIndex.TryGetValue(result.TopicPartition, out var index))
        {
            var range = _ranges[index];
            _ranges[index] = range with { First = Math.Min(range.First, offset), Last = Math.Max(range.Last, offset) };
        }
        else
        {
            var (state, epoch) = _tracker.Current(result.TopicPartition);
            index = _ranges.Count;
            _ranges.Add(new OffsetTracker.PendingRange(state, epoch, offset, offset));
            _rangeIndex.Add(result.TopicPartition, index);
        }

        _messages.Add(message);
        _partitionOfMessage.Add(index);
    }

    /// <summary>
    /// Registers the ranges and builds the batch. Messages of a partition revoked or rewound during this
    /// receive are left out: they will be delivered again, and handing them out could store past them.
    /// </summary>
    public MessageBatch Complete(
        Action<MessageBatch, IReadOnlyList<OffsetRange>> onAck, Action<MessageBatch, IReadOnlyList<OffsetRange>, Exception> onFail)
    {
        if (_messages.Count == 0)
        {
            return MessageBatch.Empty;
        }

        var registered = _tracker.Register(_ranges);
        var ranges = registered.OfType<OffsetRange>().ToArray();
        IReadOnlyList<TransportMessage> messages = _messages;
        if (ranges.Length != registered.Length)
        {
            messages = _messages.Where((_, i) => registered[_partitionOfMessage[i]] is not null).ToList();
        }

        if (messages.Count == 0)
        {
            return MessageBatch.Empty;
        }

        return new MessageBatch(messages, batch => onAck(batch, ranges), (batch, error) => onFail(batch, ranges, error));
    }
}
