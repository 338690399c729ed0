using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary><c>obs up</c> observes itself: after it ingested some lines, its own figures are searchable as <c>event.dataset:obs.self</c>.</summary>
public sealed class UpSelfTelemetryTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-self");

    [Fact]
    public async Task The_indexers_and_the_agents_own_counts_are_stored_as_obs_self_documents()
    {
        var config = _dir.File("obs.yml");
        await File.WriteAllTextAsync(config, "agent:\n  metrics:\n    interval: 00:00:01\n    nvidia_smi_path: /nonexistent/nvidia-smi\n");
        var logs = new LogFileWriter(Path.Combine(_dir.Path, "logs"), 2);
        logs.Append(50);
        await using var up = UpApplication.Create(new UpSettings
        {
            ConfigFile = config, DataDirectory = _dir.File("data"), LogGlobs = [Path.Combine(_dir.Path, "logs", "*.log")],
            Interactive = false, StatusInterval = TimeSpan.Zero,
        });
        await up.StartAsync(CancellationToken.None);

        // Counters are totals since start, so a later sample holds the 50 lines once they are read and stored. The
        // indexer's sent total also counts obs up's own log events (obs.logs), so it can pass 50 before the agent has read
        // all 50 lines: wait for both figures.
        EcsDocument? sent = null;
        EcsDocument? agentReceived = null;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                sent = await LatestAsync(up, "obs.self.component:indexer and obs.self.name:sent");
                agentReceived = await LatestAsync(up, "obs.self.component:agent and obs.self.name:received");
                return sent?.GetDouble("obs.self.value") >= 50 && agentReceived?.GetDouble("obs.self.value") >= 50;
            }, TimeSpan.FromMinutes(2), "the indexer's sent and the agent's received totals of the 50 lines stored as obs.self");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"latest indexer sent: {sent?.GetDouble("obs.self.value")}, agent received: {agentReceived?.GetDouble("obs.self.value")}; status: {up.Status}");
        }

        Assert.Equal("obs", sent!.GetString(EcsFields.ServiceName));
        Assert.Equal(Environment.MachineName, sent.GetString(EcsFields.HostName));
        Assert.Equal("counter", sent.GetString("obs.self.kind"));
        var duplicates = await LatestAsync(up, "obs.self.component:indexer and obs.self.name:dropped and obs.self.reason:duplicate");
        Assert.NotNull(duplicates);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<EcsDocument?> LatestAsync(UpApplication up, string kql)
    {
        var result = await up.Context.Search.SearchAsync(new SearchRequest($"event.dataset:obs.self and {kql}", DataStreamType: "metrics", Limit: 1), CancellationToken.None);
        return result.Hits.Count == 0 ? null : result.Hits[0];
    }
}
