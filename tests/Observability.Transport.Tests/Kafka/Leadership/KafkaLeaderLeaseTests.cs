using Observability.Core.Leadership;
using Observability.Testing;
using Observability.Testing.Kafka;
using Observability.Testing.Logging;
using Observability.Transport.Kafka.Leadership;

namespace Observability.Transport.Tests.Kafka.Leadership;

/// <summary>The leader lease on a consumer group of the mock cluster: one holder at a time, handed on when it goes.</summary>
public sealed class KafkaLeaderLeaseTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Of_two_candidates_one_leads_and_the_other_takes_over_once_the_leader_released_its_term()
    {
        var topic = kafka.CreateUniqueTopic("leader", partitions: 1);
        var name = MockKafkaCluster.UniqueName("lease");
        var logA = new RecordingLogger<KafkaLeaderLease>();
        var logB = new RecordingLogger<KafkaLeaderLease>();
        var a = new KafkaLeaderLease(kafka.CreateOptions("lease-a"), name, logA, topic);
        var b = new KafkaLeaderLease(kafka.CreateOptions("lease-b"), name, logB, topic);
        await using var _ = a;
        await using var __ = b;

        var termA = a.AcquireAsync(CancellationToken.None);
        var termB = b.AcquireAsync(CancellationToken.None);
        var first = await Task.WhenAny(termA, termB).WaitAsync(Generous);
        var (leader, standby, standbyTerm) = first == termA ? (a, b, termB) : (b, a, termA);
        var term = await first;
        Assert.True(term.TryClaim()); // a holder acts in this term: hand-over now waits for its release

        // While the leader holds its term, the other never leads; hand-over waits for the release.
        Assert.False(standbyTerm.IsCompleted);
        Assert.False(standby.IsLeader);
        var lostSeen = term.Lost.Register(() => term.Dispose()); // the holder stops at once when asked
        await leader.DisposeAsync();
        Assert.True(term.Lost.IsCancellationRequested);
        var next = await standbyTerm.WaitAsync(Generous);
        Assert.True(next.TryClaim());
        Assert.True(standby.IsLeader);
        Assert.False(next.Lost.IsCancellationRequested);
        await lostSeen.DisposeAsync();
        next.Dispose(); // its holder stopped: the lease leaves its group without waiting
    }

    [Fact]
    public async Task The_local_lease_is_always_held()
    {
        await using var lease = new LocalLeaderLease("scheduler");
        var term = await lease.AcquireAsync(CancellationToken.None);
        Assert.True(lease.IsLeader);
        Assert.False(term.Lost.IsCancellationRequested);
    }
}
