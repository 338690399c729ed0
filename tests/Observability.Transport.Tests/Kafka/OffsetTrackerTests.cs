using Confluent.Kafka;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

public sealed class OffsetTrackerTests
{
    private static readonly TopicPartition P0 = new("logs", 0);
    private static readonly TopicPartition P1 = new("logs", 1);

    private readonly List<TopicPartitionOffset> _stored = [];
    private readonly OffsetTracker _tracker;

    public OffsetTrackerTests() => _tracker = new OffsetTracker(_stored.Add);

    [Fact]
    public void AnAcknowledgedBatchStoresTheOffsetAfterItsLastMessagePerPartition()
    {
        var batch = Receive((P0, 0, 9), (P1, 100, 104));

        _tracker.Acknowledge(batch);

        Assert.Equal([new TopicPartitionOffset(P0, 10), new TopicPartitionOffset(P1, 105)], _stored);
    }

    [Fact]
    public void OutOfOrderAcknowledgementsStoreOnlyTheContiguousPrefix()
    {
        var first = Receive((P0, 0, 9));
        var second = Receive((P0, 10, 19));
        var third = Receive((P0, 20, 29));

        _tracker.Acknowledge(third);
        _tracker.Acknowledge(second);
        Assert.Empty(_stored);

        _tracker.Acknowledge(first);
        Assert.Equal([new TopicPartitionOffset(P0, 30)], _stored);
    }

    [Fact]
    public void AFailureDropsLaterBatchesOfItsPartitionAndAsksForASeek()
    {
        var first = Receive((P0, 0, 9), (P1, 0, 4));
        var second = Receive((P0, 10, 19));
        var third = Receive((P0, 20, 29), (P1, 5, 9));

        _tracker.Fail(second);
        _tracker.Acknowledge(third);
        _tracker.Acknowledge(first);

        Assert.Equal([new TopicPartitionOffset(P0, 10), new TopicPartitionOffset(P1, 10)], _stored);
        Assert.Equal([new TopicPartitionOffset(P0, 10)], _tracker.PendingSeeks());
        Assert.True(_tracker.HasPendingSeek(P0));

        _tracker.SeekApplied(new TopicPartitionOffset(P0, 10));
        Assert.Empty(_tracker.PendingSeeks());
    }

    [Fact]
    public void MessagesReceivedWhileTheirPartitionFailedAreNotHandedOut()
    {
        var failed = Receive((P0, 0, 9));
        var (state, epoch) = _tracker.Current(P0);

        _tracker.Fail(failed);
        var registered = _tracker.Register([new OffsetTracker.PendingRange(state, epoch, 10, 19)]);

        Assert.Null(Assert.Single(registered));
    }

    [Fact]
    public void ARevokedPartitionStoresNothingForLateAcknowledgements()
    {
        var batch = Receive((P0, 0, 9), (P1, 0, 9));
        var (state, epoch) = _tracker.Current(P1);

        _tracker.Revoke([P0]);
        _tracker.Acknowledge(batch);
        var registeredAfterRevoke = _tracker.Register([new OffsetTracker.PendingRange(_tracker.Current(P0).State, 0, 10, 19)]);

        Assert.Equal([new TopicPartitionOffset(P1, 10)], _stored);
        Assert.NotNull(Assert.Single(registeredAfterRevoke)); // a fresh assignment starts a fresh state
        Assert.Equal(0, epoch);
        Assert.False(state.Detached);
    }

    private OffsetRange[] Receive(params (TopicPartition Partition, long First, long Last)[] ranges)
    {
        var pending = ranges.Select(r =>
        {
            var (state, epoch) = _tracker.Current(r.Partition);
            return new OffsetTracker.PendingRange(state, epoch, r.First, r.Last);
        }).ToList();
        return _tracker.Register(pending).Select(r => r!).ToArray();
    }
}
