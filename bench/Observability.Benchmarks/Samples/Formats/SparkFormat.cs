using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Spark executor logs, log4j's <c>%d{yy/MM/dd HH:mm:ss} %p %c{2}: %m</c>: sizes whose unit word changes
/// (<c>KB</c>, <c>MB</c>), fractional task numbers, user lists.
/// </summary>
internal static class SparkFormat
{
    private static string Size(Random r) => $"{F(r.NextDouble() * 900, 1)} {Pick(r, ["B", "KB", "MB", "GB"])}";

    public static LogFormat Create() => new("spark", HeldOut: false, Header, [
        new("found-block", r => $"Found block rdd_{r.Next(100)}_{r.Next(1000)} locally", 15, Component: "storage.BlockManager"),
        new("partition", r => $"Partition rdd_{r.Next(100)}_{r.Next(1000)} not found, computing it", 8, Component: "spark.CacheManager"),
        new("stored-values", r => $"Block broadcast_{r.Next(100)} stored as values in memory (estimated size {Size(r)}, free {Size(r)})", 8, Component: "storage.MemoryStore"),
        new("stored-bytes", r => $"Block rdd_{r.Next(100)}_{r.Next(1000)} stored as bytes in memory (estimated size {Size(r)}, free {Size(r)})", 6, Component: "storage.MemoryStore"),
        new("running", r => $"Running task {r.Next(100)}.{r.Next(3)} in stage {r.Next(50)}.0 (TID {r.Next(10000)})", 15, Component: "executor.Executor"),
        new("finished", r => $"Finished task {r.Next(100)}.{r.Next(3)} in stage {r.Next(50)}.0 (TID {r.Next(10000)}). {r.Next(900, 3000)} bytes result sent to driver", 15, Component: "executor.Executor"),
        new("read-start", r => $"Started reading broadcast variable {r.Next(100)}", 6, Component: "broadcast.TorrentBroadcast"),
        new("read-took", r => $"Reading broadcast variable {r.Next(100)} took {r.Next(1, 900)} ms", 6, Component: "broadcast.TorrentBroadcast"),
        new("times", r => $"Times: total = {r.Next(1, 900)}, boot = {r.Next(-5, 50)}, init = {r.Next(1, 90)}, finish = {r.Next(0, 9)}", 8, Component: "python.PythonRunner"),
        new("view-acls", r => $"Changing view acls to: {string.Join(',', Enumerable.Range(0, r.Next(1, 4)).Select(_ => Pick(r, Users)))}", 2, Component: "spark.SecurityManager"),
        new("modify-acls", r => $"Changing modify acls to: {string.Join(',', Enumerable.Range(0, r.Next(1, 4)).Select(_ => Pick(r, Users)))}", 2, Component: "spark.SecurityManager"),
        new("assigned", r => $"Got assigned task {r.Next(10000)}", 10, Component: "executor.CoarseGrainedExecutorBackend"),
        new("signal", r => "Registered signal handlers for [TERM, HUP, INT]", 1, Component: "executor.CoarseGrainedExecutorBackend"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"{D(t, "yy/MM/dd HH:mm:ss")} {spec.Level} {spec.Component}: ";
}
