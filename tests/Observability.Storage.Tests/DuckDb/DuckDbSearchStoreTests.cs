using Observability.Core.Documents;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Testing.DuckDb;

namespace Observability.Storage.Tests.DuckDb;

/// <summary>The embedded store's search, written through the real writer into a real DuckDB file.</summary>
public sealed class DuckDbSearchStoreTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDuckDbStore _db = new();
    private DuckDbSearchStore _search = null!;

    public async Task InitializeAsync()
    {
        var writer = new DuckDbWriter(_db.Store, TimeProvider.System);
        var docs = Enumerable.Range(0, 1000).Select(Log).ToList();
        var result = await writer.WriteAsync(docs, CancellationToken.None);
        Assert.Equal(1000, result.Written);
        _search = new DuckDbSearchStore(_db.Store);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _search.Dispose();
        _db.Dispose();
    }

    private static EcsDocument Log(int n)
    {
        var doc = new EcsDocument();
        doc.Id = EventIds.From("search-test", n);
        doc.Timestamp = T0.AddSeconds(n);
        doc.Message = n % 10 == 0 ? $"GPU {n % 4} fell off the bus" : $"step {n} loss 0.{n % 7}";
        doc.Set(EcsFields.HostName, "node-" + (n % 5));
        doc.Set(EcsFields.LogLevel, n % 10 == 0 ? "error" : "info");
        doc.Set(EcsFields.ServiceName, n % 3 == 0 ? "trainer" : "scheduler");
        doc.Set("tags", n % 2 == 0 ? new List<object?> { "even", "all" } : new List<object?> { "all" });
        doc.Set("gpu.index", (long)(n % 4));
        doc.Set(EcsFields.DataStreamType, "logs");
        return doc;
    }

    [Fact]
    public async Task Search_returns_the_newest_hits_first_with_the_exact_total()
    {
        var r = await _search.SearchAsync(new SearchRequest("log.level:error", Limit: 5), CancellationToken.None);
        Assert.Equal(100, r.Total);
        Assert.Equal(5, r.Hits.Count);
        Assert.Equal(T0.AddSeconds(990), r.Hits[0].Timestamp);
        Assert.True(r.Hits.Zip(r.Hits.Skip(1)).All(p => p.First.Timestamp >= p.Second.Timestamp));
        Assert.NotNull(r.NextPage);
    }

    [Fact]
    public async Task Paging_with_the_cursor_visits_every_hit_exactly_once()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _search.SearchAsync(new SearchRequest("tags:even", Limit: 37, SearchAfter: cursor, Sort: "host.name"), CancellationToken.None);
            seen.AddRange(page.Hits.Select(h => h.Id!));
            cursor = page.NextPage;
        }
        while (cursor is not null);

        Assert.Equal(500, seen.Count);
        Assert.Equal(500, seen.Distinct().Count());
    }

    [Fact]
    public async Task Paging_on_a_json_field_with_missing_values_visits_every_hit_once()
    {
        var seen = new HashSet<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _search.SearchAsync(new SearchRequest(string.Empty, Limit: 100, SearchAfter: cursor, Sort: "-gpu.index"), CancellationToken.None);
            foreach (var h in page.Hits)
            {
                Assert.True(seen.Add(h.Id!));
            }

            cursor = page.NextPage;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(1000, seen.Count);
    }

    [Fact]
    public async Task From_and_to_bound_the_timestamp_inclusively()
    {
        var r = await _search.SearchAsync(new SearchRequest(string.Empty, From: T0.AddSeconds(100), To: T0.AddSeconds(199), CountOnly: true), CancellationToken.None);
        Assert.Equal(100, r.Total);
        Assert.Empty(r.Hits);
    }

    [Fact]
    public async Task Fields_projection_keeps_only_the_named_fields_and_the_identity()
    {
        var r = await _search.SearchAsync(new SearchRequest("host.name:node-1", Limit: 3, Fields: ["host.*", "message"]), CancellationToken.None);
        Assert.All(r.Hits, h => Assert.Equal(["@timestamp", "event.id", "host.name", "message"], h.FieldNames.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Field_name_patterns_use_the_field_catalog()
    {
        var r = await _search.SearchAsync(new SearchRequest("gpu.*:3", CountOnly: true), CancellationToken.None);
        Assert.Equal(250, r.Total);
    }

    [Fact]
    public async Task Histogram_counts_per_interval_including_empty_ones()
    {
        var buckets = await _search.HistogramAsync(new SearchRequest("log.level:error", From: T0, To: T0.AddMinutes(20).AddSeconds(-1)), TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(20, buckets.Count);
        Assert.Equal(T0, buckets[0].Start);
        Assert.Equal(6, buckets[0].Count);
        Assert.Equal(100, buckets.Sum(b => b.Count));
        Assert.Equal(0, buckets[^1].Count);
    }

    [Fact]
    public async Task Top_values_counts_each_array_element()
    {
        var top = await _search.TopValuesAsync(new SearchRequest(string.Empty), "tags", 5, CancellationToken.None);
        Assert.Equal([new TermBucket("all", 1000), new TermBucket("even", 500)], top.Buckets);
        Assert.Equal(1500, top.TotalValues);
        var hosts = await _search.TopValuesAsync(new SearchRequest("log.level:error"), "host.name", 2, CancellationToken.None);
        Assert.Equal([new TermBucket("node-0", 100)], hosts.Buckets);
    }

    [Fact]
    public async Task Text_search_is_case_insensitive_and_phrases_keep_word_order()
    {
        Assert.Equal(100, (await _search.SearchAsync(new SearchRequest("gpu", CountOnly: true), CancellationToken.None)).Total);
        Assert.Equal(100, (await _search.SearchAsync(new SearchRequest("\"fell off the bus\"", CountOnly: true), CancellationToken.None)).Total);
        Assert.Equal(0, (await _search.SearchAsync(new SearchRequest("\"bus the off\"", CountOnly: true), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_with_its_position()
    {
        var e = await Assert.ThrowsAsync<KqlSyntaxException>(() => _search.SearchAsync(new SearchRequest("level:(error"), CancellationToken.None));
        Assert.Equal(12, e.Position);
    }

    [Fact]
    public async Task A_forged_cursor_is_a_clear_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _search.SearchAsync(new SearchRequest(string.Empty, SearchAfter: "not-a-cursor'; DROP TABLE logs"), CancellationToken.None));
        Assert.Equal(1000, _db.Count("SELECT count(*) FROM logs"));
    }

    [Fact]
    public async Task A_closed_file_opens_read_only_for_searching()
    {
        var path = _db.Store.DatabasePath;
        _search.Dispose();
        _db.Store.Dispose();
        using var readOnly = DuckDbSearchStore.OpenFile(path);
        var r = await readOnly.SearchAsync(new SearchRequest("service.name:trainer", CountOnly: true), CancellationToken.None);
        Assert.Equal(334, r.Total);
    }
}
