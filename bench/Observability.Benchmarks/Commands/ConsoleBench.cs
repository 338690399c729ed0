using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Api.Query;
using Observability.Cli.Up;
using Observability.Cli.Up.WebConsole;
using Observability.Storage.DuckDb;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench console</c>: what the Discover page costs over HTTP, as the browser asks for it: the page, then the search
/// (first 50 hits) and the histogram (about 60 bars) side by side, through obs up's token gate and query API on a
/// loopback listener, over the generated store of <c>obs bench search</c> (shared cache). Prints p50/p95 per query.
/// </summary>
internal static class ConsoleBench
{
    private static readonly DateTimeOffset End = SearchBenchData.Start + SearchBenchData.Span;

    public static Command Create()
    {
        var cmd = new Command("console", "Web console Discover latency (search + histogram over HTTP) over a generated DuckDB store (10M docs by default)");
        var docs = new Option<long>("--docs") { Description = "Documents to generate", DefaultValueFactory = _ => 10_000_000 };
        var runs = new Option<int>("--runs") { Description = "Timed page loads per query (after one warm-up load)", DefaultValueFactory = _ => 7 };
        var dir = new Option<string>("--dir") { Description = "Where the generated store is cached (shared with obs bench search)", DefaultValueFactory = _ => Path.Combine(".bench", "search") };
        cmd.Options.Add(docs);
        cmd.Options.Add(runs);
        cmd.Options.Add(dir);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await RunAsync(r.GetValue(docs), r.GetValue(runs), r.GetValue(dir)!, ct));
        return cmd;
    }

    /// <summary>What an SRE types into Discover, each with its time picker's range.</summary>
    private static IReadOnlyList<(string Name, string Kql, DateTimeOffset From)> Queries() =>
    [
        ("default page, 24h", string.Empty, End.AddDays(-1)),
        ("level filter, 7d", "log.level:error", SearchBenchData.Start),
        ("host filter, 7d", "host.name:gpu-node-007", SearchBenchData.Start),
        ("sidebar filter added, 24h", "(log.level:error) and service.name:\"trainer\"", End.AddDays(-1)),
        ("free text, 1h", "timeout", End.AddHours(-1)),
        ("everything, 15m", string.Empty, End.AddMinutes(-15)),
    ];

    private static async Task<int> RunAsync(long docs, int runs, string dir, CancellationToken ct)
    {
        if (docs < 1000 || runs < 1)
        {
            await Console.Error.WriteLineAsync("--docs must be at least 1000 and --runs at least 1");
            return 1;
        }

        var path = await SearchBench.EnsureStoreAsync(docs, dir, ct);
        using var store = DuckDbSearchStore.OpenFile(path, readOnly: true);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        ConsoleAuth.Map(app, token);
        ConsoleAssets.Map(app);
        QueryApi.Map(app, store, token, NullLogger.Instance);
        await app.StartAsync(ct);

        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Add("Cookie", $"{ConsoleAuth.CookieName}={token}");
        var pages = new List<double>();
        var searches = new List<double>();
        var histograms = new List<double>();
        Console.WriteLine($"{"discover query",-28} {"hits",12} {"search_p50",10} {"hist_p50",9} {"page_p50",9} {"page_p95",9}");
        foreach (var (name, kql, from) in Queries())
        {
            var hits = (await LoadAsync(http, kql, from, ct)).Hits; // warm-up, also the printed figure
            var (s, h, p) = (new List<double>(), new List<double>(), new List<double>());
            for (var i = 0; i < runs; i++)
            {
                var load = await LoadAsync(http, kql, from, ct);
                s.Add(load.SearchMs);
                h.Add(load.HistogramMs);
                p.Add(load.PageMs);
            }

            searches.AddRange(s);
            histograms.AddRange(h);
            pages.AddRange(p);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {hits,12:N0} {SearchBench.Percentile(s, 0.5),10:F1} {SearchBench.Percentile(h, 0.5),9:F1} {SearchBench.Percentile(p, 0.5),9:F1} {SearchBench.Percentile(p, 0.95),9:F1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"docs={docs} queries={Queries().Count} runs={runs} search_p50_ms={SearchBench.Percentile(searches, 0.5):F1} search_p95_ms={SearchBench.Percentile(searches, 0.95):F1} histogram_p50_ms={SearchBench.Percentile(histograms, 0.5):F1} histogram_p95_ms={SearchBench.Percentile(histograms, 0.95):F1} page_p50_ms={SearchBench.Percentile(pages, 0.5):F1} page_p95_ms={SearchBench.Percentile(pages, 0.95):F1}"));
        await app.StopAsync(ct);
        return 0;
    }

    /// <summary>One Discover load: the page, then search and histogram side by side as app.js sends them.</summary>
    private static async Task<(long Hits, double SearchMs, double HistogramMs, double PageMs)> LoadAsync(HttpClient http, string kql, DateTimeOffset from, CancellationToken ct)
    {
        var range = $"\"query\":{JsonSerializer.Serialize(kql)},\"from\":\"{from:O}\",\"to\":\"{End:O}\",\"data_stream_type\":\"logs\"";
        var interval = (long)Math.Max(1000, Math.Ceiling((End - from).TotalMilliseconds / 60 / 1000) * 1000);
        var page = Stopwatch.StartNew();
        (await http.GetAsync(new Uri(ConsoleAssets.IndexPath, UriKind.Relative), ct)).EnsureSuccessStatusCode().Dispose();
        var search = TimedPostAsync(http, QueryApiProtocol.SearchPath, $"{{{range},\"limit\":50}}", ct);
        var histogram = TimedPostAsync(http, QueryApiProtocol.HistogramPath, $"{{{range},\"interval_ms\":{interval}}}", ct);
        await Task.WhenAll(search, histogram);
        page.Stop();
        using var result = JsonDocument.Parse((await search).Body);
        return (result.RootElement.GetProperty("total").GetInt64(), (await search).Ms, (await histogram).Ms, page.Elapsed.TotalMilliseconds);
    }

    private static async Task<(string Body, double Ms)> TimedPostAsync(HttpClient http, string path, string body, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        response.EnsureSuccessStatusCode();
        return (text, sw.Elapsed.TotalMilliseconds);
    }
}
