using Observability.Agent.Files;
using Observability.Agent.Metrics;
using Observability.Core.Telemetry;

namespace Observability.Agent.Tests.Metrics;

public sealed class AgentSelfMetricsTests
{
    [Fact]
    public void Events_the_spool_dead_lettered_or_dropped_count_in_the_agents_totals()
    {
        using var stats = FileAgent.CreateTelemetry();
        stats.Counter(TelemetryNames.Failed).Part("refused").Add(2);
        stats.Counter(TelemetryNames.Failed).Part("dead_letter").Add(3);
        var source = new AgentSelfMetrics(() => stats, () => [], () => (Spooled: 40, Replayed: 30, Bytes: 4096, DeadLettered: 5, Dropped: 7));

        var doc = Assert.Single(source.Collect(new MetricDocumentFactory("node-1", "default")));

        Assert.Equal(9L, doc["agent.monitoring.events.dropped"]);
        Assert.Equal(8L, doc["agent.monitoring.events.dead_lettered"]);
        Assert.Equal(40L, doc["agent.monitoring.events.spooled"]);
        Assert.Equal(30L, doc["agent.monitoring.events.replayed"]);
        Assert.Equal(4096L, doc["agent.monitoring.spool.bytes"]);
    }

    [Fact]
    public void Without_a_spool_the_totals_are_the_file_inputs_own()
    {
        using var stats = FileAgent.CreateTelemetry();
        stats.Counter(TelemetryNames.Failed).Part("refused").Add(2);

        var doc = Assert.Single(new AgentSelfMetrics(() => stats, () => []).Collect(new MetricDocumentFactory("node-1", "default")));

        Assert.Equal(2L, doc["agent.monitoring.events.dropped"]);
        Assert.False(doc.Contains("agent.monitoring.events.spooled"));
    }
}
