using Microsoft.Extensions.DependencyInjection;
using Observability.Agent.Metrics;
using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary><c>obs up</c> samples this machine's node and GPU metrics with obs agent's collectors into its own store.</summary>
public sealed class UpMetricsTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-metrics");

    [Fact]
    public async Task Obs_up_stores_obs_agents_node_documents_and_simulated_gpus_when_the_machine_has_none()
    {
        var config = _dir.File("obs.yml");
        await File.WriteAllTextAsync(config, "agent:\n  metrics:\n    interval: 00:00:01\n    nvidia_smi_path: /nonexistent/nvidia-smi\n    simulate_gpus_when_none: 4\n");
        await using var up = UpApplication.Create(new UpSettings { ConfigFile = config, DataDirectory = _dir.File("data"), Interactive = false, StatusInterval = TimeSpan.Zero });
        var metrics = up.Services.GetRequiredService<MetricsAgent>();
        await up.StartAsync(CancellationToken.None);

        // The datasets obs agent sends from this machine (pressure only where the kernel has PSI), all from one host.
        var expected = MetricsAgent.NodeSources("/proc").Select(s => s.Dataset).Where(d => d != "linux.pressure" || Directory.Exists("/proc/pressure")).Append("gpu.device").ToHashSet();
        var host = Environment.MachineName;
        try
        {
            await Poll.UntilAsync(() => expected.IsSubsetOf(Datasets(up, host)), TimeSpan.FromMinutes(2), "every dataset of obs agent stored");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"stored from {host}: {string.Join(", ", Datasets(up, host))}; the metrics agent sampled {metrics.Samples} times, {metrics.Documents} documents, dropped {metrics.Dropped}");
        }

        var gpus = await up.Context.Search.SearchAsync(new SearchRequest("event.dataset:gpu.device", DataStreamType: "metrics", Limit: 200), CancellationToken.None);
        Assert.All(gpus.Hits, h => Assert.Equal(host, h.GetString(EcsFields.HostName)));
        if (metrics.GpuSource == "simulated")
        {
            // No driver here (nvidia-smi pointed nowhere, NVML absent): the GPUs are simulated (what --demo sets), and marked so.
            Assert.Equal([0.0, 1, 2, 3], gpus.Hits.Select(h => h.GetDouble("gpu.index")!.Value).Distinct().Order());
            Assert.All(gpus.Hits, h => Assert.Equal(true, h["gpu.simulated"]));
        }

        // The store commits before the indexer acknowledges, so the sampler counts its documents a moment after they are visible.
        await Poll.UntilAsync(() => metrics.Documents > 0, TimeSpan.FromMinutes(1), "the first sample acknowledged to the sampler");
        Assert.Equal(0, metrics.Dropped);
    }

    [Fact]
    public async Task No_metrics_turns_the_sampling_off()
    {
        await using var up = UpApplication.Create(new UpSettings { DataDirectory = _dir.File("data"), Metrics = false, Interactive = false, StatusInterval = TimeSpan.Zero });
        Assert.Null(up.Services.GetService<MetricsAgent>());
    }

    public void Dispose() => _dir.Dispose();

    private static HashSet<string> Datasets(UpApplication up, string host)
    {
        using var connection = up.Context.Store.OpenReadConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT dataset FROM metrics WHERE host_name = $host";
        cmd.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("host", host));
        using var reader = cmd.ExecuteReader();
        var set = new HashSet<string>();
        while (reader.Read())
        {
            set.Add(reader.GetString(0));
        }

        return set;
    }
}
