using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Storage.Tests.Elasticsearch.Support;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// Each fleet panel evaluated (<see cref="LensPanelEvaluator"/>) over a known fleet: two hosts, each with two network
/// interfaces, two disks and two GPUs, sampled every 10 s for 10 minutes, and a training job of four ranks. The physical
/// figures are known (bytes per second per interface, watts per GPU, samples per second per rank, which GPUs are
/// throttled), so every one-minute bucket must show the fleet's total, not a per-bucket sum of samples or the rate of
/// one fleet-wide maximum.
/// </summary>
public sealed class DashboardPanelFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(1);
    private static readonly string[] Hosts = ["h1", "h2"];

    private static readonly IReadOnlyList<EcsDocument> Fleet = Build();

    private static JsonObject Panel(string title) =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "dashboards"), "*.ndjson").SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Single(o => o["type"]!.GetValue<string>() == "lens" && o["attributes"]!["title"]!.GetValue<string>().StartsWith(title, StringComparison.Ordinal));

    /// <summary>The panel's value per bucket (summed over whatever series remain), every bucket but the first.</summary>
    private static void EveryBucketShows(string title, params double[] expected)
    {
        var points = LensPanelEvaluator.Evaluate(Panel(title), Fleet, Bucket);
        var buckets = points.GroupBy(p => p.Bucket).OrderBy(b => b.Key).Skip(1).ToList();
        Assert.Equal(9, buckets.Count);
        foreach (var b in buckets)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                var value = b.Select(p => p.Values[i] ?? 0).Sum();
                Assert.True(Math.Abs(value - expected[i]) < 1e-6, $"{title} at {b.Key:HH:mm}, accessor {i}: {value} where the fleet is at {expected[i]}");
            }
        }
    }

    [Fact]
    public void Network_in_and_out_is_the_sum_of_each_interfaces_rate() => EveryBucketShows("Network in / out", 10_000, 5_000);

    [Fact]
    public void Disk_read_and_write_is_the_sum_of_each_disks_rate() => EveryBucketShows("Disk read / write", 1_000, 100);

    [Fact]
    public void GPU_power_draw_is_the_sum_of_each_GPUs_mean_draw() => EveryBucketShows("GPU power draw", 250 + 300 + 350 + 400);

    [Fact]
    public void Training_throughput_is_the_sum_of_each_ranks_mean_rate() => EveryBucketShows("Training throughput", 4 * 250);

    [Fact]
    public void Throttled_samples_count_a_power_capped_GPU_that_is_also_idle()
    {
        // GPU 1 of each host is power-capped (mask 4), GPU 0 of h2 idle and power-capped (mask 5): 3 GPUs × 6 samples.
        EveryBucketShows("Throttled samples by reason", 18);
        var points = LensPanelEvaluator.Evaluate(Panel("Throttled samples by reason"), Fleet, Bucket);
        Assert.Equal(["sw_power_cap"], points.Select(p => p.Series).Distinct());
    }

    private static List<EcsDocument> Build()
    {
        var docs = new List<EcsDocument>();
        EcsDocument Doc(string host, string dataset, DateTimeOffset at)
        {
            var d = new EcsDocument { Timestamp = at, Id = Guid.NewGuid().ToString("N") };
            d.Set(EcsFields.HostName, host);
            d.Set(EcsFields.EventDataset, dataset);
            docs.Add(d);
            return d;
        }

        for (var s = 0; s < 60; s++)
        {
            var at = T0.AddSeconds(s * 10);
            var seconds = s * 10L;
            for (var h = 0; h < Hosts.Length; h++)
            {
                for (var i = 0; i < 2; i++)
                {
                    var n = (h * 2) + i + 1; // 1..4
                    var net = Doc(Hosts[h], "system.network", at);
                    net.Set("system.network.name", i == 0 ? "eth0" : "ib0");
                    net.Set("system.network.in.bytes", 5_000_000L * n + (1000L * n * seconds));
                    net.Set("system.network.out.bytes", 7_000_000L * n + (500L * n * seconds));
                    var disk = Doc(Hosts[h], "system.diskio", at);
                    disk.Set("system.diskio.name", i == 0 ? "sda" : "nvme0n1");
                    disk.Set("system.diskio.read.bytes", 1_000_000L * n + (100L * n * seconds));
                    disk.Set("system.diskio.write.bytes", 2_000_000L * n + (10L * n * seconds));
                    var gpu = Doc(Hosts[h], "gpu.device", at);
                    gpu.Set("gpu.uuid", $"GPU-{Hosts[h]}-{i}");
                    gpu.Set("gpu.power.usage.watts", 200.0 + (50 * n));
                    var mask = i == 1 ? 4L : h == 1 ? 5L : s % 2;
                    gpu.Set("gpu.throttle.mask", mask);
                    var reasons = new List<string>();
                    if ((mask & 1) != 0)
                    {
                        reasons.Add("gpu_idle");
                    }

                    if ((mask & 4) != 0)
                    {
                        reasons.Add("sw_power_cap");
                    }

                    if (reasons.Count > 0)
                    {
                        gpu.Set("gpu.throttle.reasons", reasons);
                    }
                }
            }

            for (var rank = 0; rank < 4; rank++)
            {
                var step = Doc(Hosts[rank / 2], "training", at.AddMilliseconds(rank));
                step.Set("training.job.id", "job-1");
                step.Set("training.rank", (long)rank);
                step.Set("training.samples_per_second", 250.0);
            }
        }

        return docs;
    }
}
