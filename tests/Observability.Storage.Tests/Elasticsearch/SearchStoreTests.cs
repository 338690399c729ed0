using System.Text.Json.Nodes;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Search;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>The search store: request bodies, paging with search_after, counting.</summary>
public sealed class SearchStoreTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;
    private ElasticsearchStore _store = null!;

    public async Task InitializeAsync()
    {
        _es = await FakeElasticsearch.StartAsync();
        var options = new ElasticsearchOptions();
        options.Urls.Add(_es.Url);
        _store = ElasticsearchStore.Create(options, translateKql: q => new JsonObject { ["query_string"] = new JsonObject { ["query"] = q } });
        await _store.Writer.WriteAsync([.. Enumerable.Range(0, 25).Select(i => Docs.Log(i))], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _es.DisposeAsync();
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _store.Search.SearchAsync(new SearchRequest("log.level:info", Limit: 10, SearchAfter: cursor), CancellationToken.None);
            Assert.Equal(25, page.Total);
            seen.AddRange(page.Hits.Select(h => h.Id!));
            cursor = page.NextPage;
        }
        while (cursor is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        var sent = JsonNode.Parse(_es.Requests.Last(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).Body)!;
        Assert.NotNull(sent["search_after"]);
        Assert.Equal("log.level:info", sent["query"]!["bool"]!["filter"]![0]!["query_string"]!["query"]!.GetValue<string>());
        Assert.Equal(SearchBodyBuilder.DefaultTrackTotalHits, sent["track_total_hits"]!.GetValue<int>());
    }

    [Fact]
    public async Task Totals_are_counted_up_to_a_bound_and_then_flagged_as_a_lower_bound_while_count_only_is_exact()
    {
        var bounded = new EsSearchStore(_store.Connection, q => new JsonObject { ["query_string"] = new JsonObject { ["query"] = q } }, trackTotalHitsUpTo: 10);

        var page = await bounded.SearchAsync(new SearchRequest("", Limit: 5), CancellationToken.None);
        var count = await bounded.SearchAsync(new SearchRequest("", CountOnly: true), CancellationToken.None);

        Assert.Equal((10L, true), (page.Total, page.TotalIsLowerBound));
        Assert.Equal(5, page.Hits.Count);
        Assert.Equal((25L, false), (count.Total, count.TotalIsLowerBound));
    }

    [Fact]
    public async Task Hits_come_back_as_documents_with_exact_timestamps_newest_first()
    {
        var page = await _store.Search.SearchAsync(new SearchRequest("", Limit: 3), CancellationToken.None);

        Assert.Equal(Docs.T0.AddMilliseconds(24), page.Hits[0].Timestamp);
        Assert.Equal("line 24", page.Hits[0].Message);
        Assert.Equal("node-1", page.Hits[0].GetString("host.name"));
    }

    [Fact]
    public async Task Count_only_uses_count_and_time_range_filters_on_timestamp()
    {
        var result = await _store.Search.SearchAsync(new SearchRequest("", From: Docs.T0, To: Docs.T0.AddMinutes(1), CountOnly: true), CancellationToken.None);

        Assert.Equal(25, result.Total);
        var sent = _es.Requests.Last();
        Assert.Equal("/logs-obs.*-*/_count", sent.Path);
        var range = JsonNode.Parse(sent.Body)!["query"]!["bool"]!["filter"]![0]!["range"]!["@timestamp"]!;
        Assert.Equal("2026-11-26T12:00:00.0000000Z", range["gte"]!.GetValue<string>());
    }

    [Fact]
    public void A_bad_cursor_or_type_is_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => SearchBodyBuilder.Search(new SearchRequest("", SearchAfter: "%%%"), _ => []));
        Assert.Throws<ArgumentException>(() => EsSearchStore.Target("events"));
        Assert.Equal("obs-alerts", EsSearchStore.Target("alerts"));
    }

    [Fact]
    public async Task Histogram_counts_per_interval_oldest_first_with_empty_buckets_across_the_range()
    {
        var buckets = await _store.Search.HistogramAsync(new SearchRequest("", From: Docs.T0.AddMilliseconds(-20), To: Docs.T0.AddMilliseconds(40)), TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.Equal([0L, 0, 10, 10, 5, 0], buckets.Select(b => b.Count));
        Assert.Equal(Docs.T0.AddMilliseconds(-20), buckets[0].Start);
        var sent = JsonNode.Parse(_es.Requests.Last().Body)!["aggregations"]!["over_time"]!["date_histogram"]!;
        Assert.Equal("10ms", sent["fixed_interval"]!.GetValue<string>());
        Assert.Equal(0, sent["min_doc_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Top_values_rank_the_terms_and_count_all_values()
    {
        var top = await _store.Search.TopValuesAsync(new SearchRequest(""), "log.level", 1, CancellationToken.None);

        Assert.Equal("info", Assert.Single(top.Buckets).Value);
        Assert.Equal(22, top.Buckets[0].Count);
        Assert.Equal(25, top.TotalValues);
        Assert.Equal(3, top.OtherCount);
    }
}
