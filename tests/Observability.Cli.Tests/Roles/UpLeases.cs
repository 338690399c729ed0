using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Observability.Cli.Up;
using Observability.Core.Leadership;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka;
using Observability.Transport.Kafka.Leadership;

namespace Observability.Cli.Tests.Roles;

/// <summary>What the tests that run two <c>obs up</c> roles on one mock cluster read of each process's leader leases.</summary>
internal static class UpLeases
{
    /// <summary>The singletons that run only while their lease is held (scheduler, reports, detector).</summary>
    public static IEnumerable<LeaderGatedService> Gated(UpApplication up) => up.Services.GetServices<IHostedService>().OfType<LeaderGatedService>();

    /// <summary>
    /// True once every lease of <paramref name="up"/> has joined its group: a candidate that joins later makes the group
    /// hand the lease over again, mid-test.
    /// </summary>
    public static bool AllJoined(UpApplication up) => Gated(up).Select(g => g.Lease).OfType<KafkaLeaderLease>().All(l => l.Assignments > 0);

    /// <summary>
    /// Client settings for a process that takes part in a lease hand-over. The mock's coordinator waits one second less
    /// than the session time-out for members to rejoin a rebalance, and a leader rejoins only after its singleton
    /// stopped: 6 s leaves a busy machine room for that (the tests' usual 3 s did not).
    /// </summary>
    public static KafkaOptions Options(MockKafkaCluster kafka, string clientId)
    {
        var options = kafka.CreateOptions(clientId);
        options.SessionTimeoutMs = 6_000;
        return options;
    }
}
