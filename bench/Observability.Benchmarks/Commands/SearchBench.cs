using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench search</c>: typical SRE queries through the real search path (KQL parse, SQL translation,
/// <see cref="DuckDbSearchStore"/>: exact total + first page of hits, histograms, top values) over a generated
/// store of N log documents, cached under <c>.bench/</c>. Prints p50/p95 per query and overall.
/// </summary>
internal static class SearchBench
{
    private static readonly DateTimeOffset End = SearchBenchData.Start + SearchBenchData.Span;

    public static Command Create()
    {
        var cmd = new Command("search", "KQL search latency over a generated DuckDB store (10M docs by default)");
        var docs = new Option<long>("--docs") { Description = "Documents to generate", DefaultValueFactory = _ => 10_000_000 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per query (after one warm-up run)", DefaultValueFactory = _ => 7 };
        var dir = new Option<string>("--dir") { Description = "Where the generated store is cached", DefaultValueFactory = _ => Path.Combine(".bench", "search") };
        cmd.Options.Add(docs);
        cmd.Options.Add(runs);
        cmd.Options.Add(dir);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await RunAsync(r.GetValue(docs), r.GetValue(runs), r.GetValue(dir)!, ct));
        return cmd;
    }

    private sealed record BenchQuery(string Name, Func<IAggregatingSearchStore, CancellationToken, Task<long>> Run);

    private static IReadOnlyList<BenchQuery> Queries()
    {
        static BenchQuery Search(string name, string kql, DateTimeOffset from, DateTimeOffset? to = null) =>
            new(name, async (s, ct) => (await s.SearchAsync(new SearchRequest(kql, from, to, Limit: 100), ct)).Total);
        static BenchQuery Count(string name, string kql, DateTimeOffset from) =>
            new(name, async (s, ct) => (await s.SearchAsync(new SearchRequest(kql, from, CountOnly: true), ct)).Total);
        var lastHour = End.AddHours(-1);
        var last15 = End.AddMinutes(-15);
        var lastDay = End.AddDays(-1);
        var lastWeek = SearchBenchData.Start;

        // Each query carries the time range an SRE would give it in Kibana (whose default is the last 15 minutes):
        // keyword filters over the whole week, text search (scanned: there is no inverted index) over hours.
        return
        [
            Search("level filter, 7d", "log.level:error", lastWeek),
            Search("service and level, 7d", "service.name:trainer and log.level:warn", lastWeek),
            Search("host filter, 7d", "host.name:gpu-node-007", lastWeek),
            Search("group and not, 7d", "service.name:(api or worker) and not log.level:(info or debug)", lastWeek),
            Search("host wildcard, 7d", "host.name:gpu-node-01*", lastWeek),
            Search("errors, last 1h", "log.level:(error or fatal)", lastHour),
            Search("everything, 10 min", string.Empty, End.AddMinutes(-30), End.AddMinutes(-20)),
            Search("free text word, 7d", "timeout", lastWeek),
            Search("phrase, 24h", "\"connection refused\"", lastDay),
            Search("field phrase, 1h", "message:\"NCCL timeout\"", lastHour),
            Search("text wildcard, 1h", "message:nvidia*", lastHour),
            Search("text and keyword, 15m", "oom and service.name:trainer", last15),
            Search("json range, 1h", "http.response.status_code >= 500", lastHour),
            Search("json exists, 1h", "trace.id:* and log.level:error", lastHour),
            Count("count errors, 7d", "log.level:error", lastWeek),
            Count("count all, 24h", string.Empty, lastDay),
            new("histogram 1h errors, 7d", async (s, ct) => (await s.HistogramAsync(new SearchRequest("log.level:error", lastWeek, End), TimeSpan.FromHours(1), ct)).Count),
            new("histogram 1m, 1h", async (s, ct) => (await s.HistogramAsync(new SearchRequest(string.Empty, lastHour, End), TimeSpan.FromMinutes(1), ct)).Count),
            new("top hosts of errors, 24h", async (s, ct) => (await s.TopValuesAsync(new SearchRequest("log.level:error", lastDay), "host.name", 10, ct)).TotalValues),
            new("top services, 1h", async (s, ct) => (await s.TopValuesAsync(new SearchRequest(string.Empty, lastHour), "service.name", 10, ct)).TotalValues),
        ];
    }

    private static async Task<int> RunAsync(long docs, int runs, string dir, CancellationToken ct)
    {
        if (docs < 1000 || runs < 1)
        {
            await Console.Error.WriteLineAsync("--docs must be at least 1000 and --runs at least 1");
            return 1;
        }

        var path = await EnsureStoreAsync(docs, dir, ct);
        using var store = DuckDbSearchStore.OpenFile(path, readOnly: true);
        var all = new List<double>();
        Console.WriteLine($"{"query",-28} {"result",12} {"p50_ms",8} {"p95_ms",8}");
        foreach (var q in Queries())
        {
            var result = await q.Run(store, ct); // warm-up, also the printed result
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                await q.Run(store, ct);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            all.AddRange(times);
            Console.WriteLine($"{q.Name,-28} {result,12:N0} {Percentile(times, 0.50),8:F1} {Percentile(times, 0.95),8:F1}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"docs={docs} queries={Queries().Count} runs={runs} p50_ms={Percentile(all, 0.50):F1} p95_ms={Percentile(all, 0.95):F1}"));
        return 0;
    }

    /// <summary>The generated store of <paramref name="docs"/> documents under <paramref name="dir"/>, made on first use and cached (obs bench console shares it).</summary>
    public static async Task<string> EnsureStoreAsync(long docs, string dir, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"search-{docs}.duckdb");
        var marker = path + ".ok";
        var description = SearchBenchData.Describe(docs);
        if (!File.Exists(marker) || await File.ReadAllTextAsync(marker, ct) != description)
        {
            File.Delete(path);
            File.Delete(path + ".wal");
            Console.WriteLine($"generating {docs:N0} documents into {path} (cached for later runs) …");
            var sw = Stopwatch.StartNew();
            using (var c = new DuckDBConnection($"Data Source={path}"))
            {
                c.Open();
                SearchBenchData.Generate(c, docs);
            }

            await File.WriteAllTextAsync(marker, description, ct);
            Console.WriteLine($"generated in {sw.Elapsed.TotalSeconds:F0} s, {new FileInfo(path).Length / 1048576.0:F0} MiB");
        }

        return path;
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
