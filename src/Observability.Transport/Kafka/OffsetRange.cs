namespace Observability.Transport.Kafka;

/// <summary>The offsets one received batch holds on one partition (inclusive).</summary>
internal sealed class OffsetRange
{
    public OffsetRange(OffsetTracker.PartitionState state, long first, long last)
    {
        State = state;
        First = first;
        Last = last;
        Node = new LinkedListNode<OffsetRange>(this);
    }

    public OffsetTracker.PartitionState State { get; }

    public long First { get; }

    public long Last { get; }

    public bool Acknowledged { get; set; }

    public LinkedListNode<OffsetRange> Node { get; }
}
