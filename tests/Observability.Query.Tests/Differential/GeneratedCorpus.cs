using System.Globalization;
using Observability.Core.Documents;
using Observability.Core.Json;

namespace Observability.Query.Tests.Differential;

/// <summary>Generated log documents (fixed seed) with the shapes KQL has to handle: text, keywords, numbers, dates, arrays, gaps.</summary>
internal static class GeneratedCorpus
{
    public static readonly string[] Words = ["connection", "refused", "Timeout", "GPU", "error", "ok", "worker", "started", "stopped", "disk", "full", "NCCL", "allreduce", "é́té", "Straße", "日本", "node_7", "retry", "epoch", "loss"];
    public static readonly string[] Levels = ["INFO", "info", "WARN", "ERROR", "debug"];
    public static readonly string[] Services = ["api", "trainer", "scheduler", "sched-2", "Trainer"];
    public static readonly string[] Hosts = ["gpu-node-01", "gpu-node-02", "gpu-node-10", "cpu-a", "cpu-b.example"];
    public static readonly string[] Tags = ["prod", "canary", "gpu", "Noisy tag", "x*y"];
    public static readonly string[] Users = ["alice", "bob smith", "o'brien", "\"quoted\"", "semi;colon", "back\\slash"];
    public static readonly long[] Codes = [200, 201, 404, 500, 503];
    public static readonly double[] Pcts = [0, 0.25, 0.5, 0.75, 1, 0.125];
    public static readonly string[] NumberStrings = ["42", "7", "abc", "42.5", "-3"];
    public static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<EcsDocument> Create(int count, int seed)
    {
        var rng = new Random(seed);
        var docs = new List<EcsDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var d = new EcsDocument();
            d.Id = EventIds.From("corpus", i);
            d.Timestamp = Start.AddMilliseconds(rng.Next(0, 2 * 86_400_000));
            d.Message = Message(rng);
            Maybe(rng, 0.9, () => d.Set("log.level", Pick(rng, Levels)));
            Maybe(rng, 0.9, () => d.Set("service.name", Pick(rng, Services)));
            Maybe(rng, 0.95, () => d.Set("host.name", Pick(rng, Hosts)));
            Maybe(rng, 0.6, () => d.Set("tags", Enumerable.Range(0, rng.Next(0, 4)).Select(_ => (object?)Pick(rng, Tags)).ToList()));
            Maybe(rng, 0.7, () => d.Set("http.response.status_code", Pick(rng, Codes)));
            Maybe(rng, 0.5, () => d.Set("gpu.utilization.pct", Pick(rng, Pcts)));
            Maybe(rng, 0.5, () => d.Set("user.name", Pick(rng, Users)));
            Maybe(rng, 0.5, () => d.Set("event.duration", (long)rng.Next(0, 5_000_000)));
            Maybe(rng, 0.5, () => d.Set("labels.env", rng.Next(2) == 0 ? "prod" : "dev"));
            Maybe(rng, 0.4, () => d.Set("labels.code", Pick(rng, NumberStrings)));
            Maybe(rng, 0.3, () => d.Set("trace.id", "t" + rng.Next(0, 20).ToString(CultureInfo.InvariantCulture)));
            Maybe(rng, 0.4, () => d.Set("event.created", Start.AddMinutes(rng.Next(0, 2880)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            Maybe(rng, 0.2, () => d.Set("flag", rng.Next(2) == 0));
            Maybe(rng, 0.3, () => d.Set("error.message", Message(rng)));

            // Round-trip through JSON so that every back end sees the same values (as the store would).
            docs.Add(EcsJson.Parse(EcsJson.ToJson(d)));
        }

        return docs;
    }

    public static string Message(Random rng)
    {
        var n = rng.Next(1, 7);
        var parts = new List<string>(n);
        for (var i = 0; i < n; i++)
        {
            var w = Pick(rng, Words);
            parts.Add(rng.Next(4) switch
            {
                0 => w.ToUpperInvariant(),
                1 => w + Pick(rng, [":", ",", "!", " -", "...", "/x"]),
                _ => w,
            });
        }

        return string.Join(' ', parts);
    }

    public static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static void Maybe(Random rng, double p, Action set)
    {
        if (rng.NextDouble() < p)
        {
            set();
        }
    }
}
