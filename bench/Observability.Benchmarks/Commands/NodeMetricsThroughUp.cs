using Observability.Agent.Metrics;
using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// The agent's side of <c>obs bench node-metrics --through-up</c>: starts <c>obs up</c> (no log files, node metrics
/// every second) on a temporary data directory, waits for a sample newer than the wait's start to be searchable, and
/// returns the newest stored document of every node dataset with node exporter's page read right after.
/// </summary>
internal static class NodeMetricsThroughUp
{
    private static readonly string[] Datasets = ["system.memory", "system.load", "system.cpu", "system.filesystem", "system.network", "system.diskio"];

    public static async Task<(List<EcsDocument> Documents, string NodeExporter)> SampleAsync(Func<Task<string>> readNodeExporter, CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), "obs-bench-node-metrics-" + Guid.NewGuid().ToString("N"));
        var config = Path.Combine(data, "obs.yml");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(config, "agent:\n  metrics:\n    interval: 00:00:01\n", ct);
        try
        {
            await using var up = UpApplication.Create(new UpSettings
            {
                ConfigFile = config, DataDirectory = Path.Combine(data, "data"), PipelinesDirectory = string.Empty, Interactive = false,
                StatusInterval = TimeSpan.Zero, ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
            });
            await up.StartAsync(ct);
            try
            {
                // A sample stamped after this moment is one the running obs up took and stored while we waited.
                var after = TimeProvider.System.GetUtcNow().AddSeconds(1);
                var deadline = TimeProvider.System.GetUtcNow().AddMinutes(2);
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var documents = await NewestAsync(up.Context.Search, ct);
                    if (Datasets.All(d => documents.Any(x => x.GetString(EcsFields.EventDataset) == d && x.Timestamp >= after)))
                    {
                        return (documents, await readNodeExporter());
                    }

                    if (TimeProvider.System.GetUtcNow() > deadline)
                    {
                        throw new TimeoutException("obs up stored no complete node sample in 2 minutes; stored datasets: " +
                            string.Join(", ", documents.Select(x => x.GetString(EcsFields.EventDataset)).Distinct()));
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
                }
            }
            finally
            {
                await up.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Per dataset, the documents of its newest sample (one per mount, interface or disk where there are several).</summary>
    private static async Task<List<EcsDocument>> NewestAsync(ISearchStore search, CancellationToken ct)
    {
        var newest = new List<EcsDocument>();
        foreach (var dataset in Datasets)
        {
            var hits = (await search.SearchAsync(new SearchRequest($"event.dataset:\"{dataset}\"", DataStreamType: "metrics", Limit: 64, Sort: "-@timestamp"), ct)).Hits;
            if (hits.Count > 0)
            {
                var latest = hits[0].Timestamp;
                newest.AddRange(hits.Where(h => h.Timestamp == latest));
            }
        }

        return newest;
    }
}
