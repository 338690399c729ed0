using Microsoft.Extensions.DependencyInjection;
using Observability.Agent.Metrics;
using Observability.Cli.Up;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// The issue's check, shortened: <c>obs up --demo</c> (the demo log stream tailed by the file agent, and the metrics
/// sampler with simulated GPUs, sharing the in-process transport) runs for at least two metric samples and stops
/// cleanly; then <c>obs report run</c> over the same data directory has figures in its GPU and fleet sections.
/// </summary>
public sealed class UpDemoReportTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-demo-report");

    [Fact]
    public async Task Obs_up_demo_stores_node_and_gpu_metrics_beside_the_demo_logs_and_the_report_shows_them()
    {
        var config = _dir.File("obs.yml");
        // No driver (nvidia-smi pointed nowhere, NVML absent on CI), so --demo's 4 simulated GPUs are what is sampled.
        await File.WriteAllTextAsync(config, "agent:\n  metrics:\n    interval: 00:00:01\n    nvidia_smi_path: /nonexistent/nvidia-smi\n");
        var data = _dir.File("data");
        var host = Environment.MachineName;
        await using (var up = UpApplication.Create(new UpSettings { Demo = true, ConfigFile = config, DataDirectory = data, Interactive = false, StatusInterval = TimeSpan.Zero }))
        {
            var metrics = up.Services.GetRequiredService<MetricsAgent>();
            await up.StartAsync(CancellationToken.None);
            try
            {
                // Two acknowledged samples of this machine, while the file agent ships the demo stream on the same transport.
                await Poll.UntilAsync(() => metrics.Samples >= 2 && up.Indexer!.Telemetry.Value("sent") > 0 && Count(up, "metrics", host) > 0 && Count(up, "logs", null) > 0,
                    TimeSpan.FromMinutes(2), "two metric samples and demo lines stored");
            }
            catch (TimeoutException)
            {
                Assert.Fail($"the metrics agent sampled {metrics.Samples} times ({metrics.Documents} documents, dropped {metrics.Dropped}); stored: {Count(up, "metrics", host)} metrics of {host}, {Count(up, "logs", null)} logs; status: {up.Status}");
            }

            await up.StopAsync(CancellationToken.None);
            Assert.Equal(0, metrics.Dropped);
            // Everything acknowledged to the sampler (node, GPU and the stack's own obs.self documents) is in the store (a sample cut off by the stop may be stored unacknowledged).
            Assert.True(Count(up, "metrics", host) >= metrics.Documents, $"{Count(up, "metrics", host)} stored, {metrics.Documents} acknowledged");
        }

        var reports = _dir.File("reports");
        var (code, output) = await ObsProcess.RunAsync(TimeSpan.FromMinutes(3), "report", "run", "--data", data, "--out", reports, "--period", "1h");
        Assert.True(code == 0, $"obs report run exited with {code}:\n{output}");
        var markdown = await File.ReadAllTextAsync(Directory.GetFiles(reports, "*.md", SearchOption.AllDirectories).Single());
        var gpus = Section(markdown, "GPUs");
        Assert.Contains("- GPUs reporting: 4 (", gpus, StringComparison.Ordinal);
        Assert.Matches(@"- mean utilisation %: \d", gpus);
        Assert.Matches(@"- hottest: \S+/\S+ \d", gpus);
        var fleet = Section(markdown, "Fleet");
        Assert.Matches(@"- hosts reporting: \d", fleet);
        Assert.Matches(@"- agent lag p95 s: \d", fleet);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The lines of one "## title" section of the Markdown report (a section without data reads "- no data").</summary>
    private static string Section(string markdown, string title)
    {
        var start = markdown.IndexOf("\n## " + title + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {title} in:\n{markdown}");
        var end = markdown.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        var section = end < 0 ? markdown[start..] : markdown[start..end];
        return section;
    }

    private static long Count(UpApplication up, string table, string? host)
    {
        using var connection = up.Context.Store.OpenReadConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = host is null ? $"SELECT count(*) FROM {table}" : $"SELECT count(*) FROM {table} WHERE host_name = $host AND split_part(dataset, '.', 1) IN ('system', 'linux', 'gpu', 'obs')";
        if (host is not null)
        {
            cmd.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("host", host));
        }

        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
