using Observability.Api.Query;
using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Core.Hosting;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary>One running obs up (no inputs) with 30 documents, shared by the query API tests.</summary>
public sealed class QueryApiFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("api");
    private UpApplication _up = null!;

    public UpApplication Up => _up;

    public async Task InitializeAsync()
    {
        _up = UpApplication.Create(new UpSettings { DataDirectory = _dir.File("data"), Interactive = false, StatusInterval = TimeSpan.Zero, ConsoleLevel = Serilog.Events.LogEventLevel.Warning });
        await _up.StartAsync(CancellationToken.None);
        var docs = Enumerable.Range(0, 30).Select(i =>
        {
            var d = new EcsDocument { Id = EventIds.From("api-test", i), Timestamp = DateTimeOffset.UnixEpoch.AddMinutes(i), Message = $"step {i} {(i % 3 == 0 ? "CUDA out of memory" : "ok")}" };
            d.Set(EcsFields.HostName, $"gpu-node-{i % 2}");
            d.Set(EcsFields.LogLevel, i % 3 == 0 ? "error" : "info");
            return d;
        }).ToList();
        await new DuckDbWriter(_up.Context.Store, TimeProvider.System).WriteAsync(docs, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _up.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>The loopback query API of obs up, through the real HTTP listener and <see cref="QueryApiClient"/>.</summary>
public sealed class QueryApiTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    private readonly UpApplication _up = fixture.Up;

    [Fact]
    public async Task A_search_through_the_api_returns_the_same_hits_as_the_store()
    {
        using var client = QueryApiClient.TryConnect(_up.Context.DataDirectory, TimeSpan.FromSeconds(60));
        Assert.NotNull(client);
        var request = new SearchRequest("log.level:error and host.name:gpu-node-0", Limit: 100);

        var viaApi = await client.SearchAsync(request, CancellationToken.None);
        var direct = await _up.Context.Search.SearchAsync(request, CancellationToken.None);

        Assert.Equal(5, viaApi.Total); // i = 0, 6, 12, 18, 24
        Assert.Equal(direct.Hits.Select(h => h.Id), viaApi.Hits.Select(h => h.Id));
        Assert.All(viaApi.Hits, h => Assert.Contains("CUDA out of memory", h.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Paging_and_counting_work_through_the_api()
    {
        using var client = QueryApiClient.TryConnect(_up.Context.DataDirectory, TimeSpan.FromSeconds(60))!;

        var first = await client.SearchAsync(new SearchRequest("step", Limit: 20), CancellationToken.None);
        var second = await client.SearchAsync(new SearchRequest("step", Limit: 20, SearchAfter: first.NextPage), CancellationToken.None);
        var count = await client.SearchAsync(new SearchRequest("step", CountOnly: true), CancellationToken.None);

        Assert.Equal(30, count.Total);
        Assert.Equal(20, first.Hits.Count);
        Assert.Equal(10, second.Hits.Count);
        Assert.Empty(first.Hits.Select(h => h.Id).Intersect(second.Hits.Select(h => h.Id)));
    }

    [Fact]
    public async Task A_bad_query_is_reported_as_the_callers_error()
    {
        using var client = QueryApiClient.TryConnect(_up.Context.DataDirectory, TimeSpan.FromSeconds(60))!;

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.SearchAsync(new SearchRequest("host.name:(("), CancellationToken.None));

        Assert.Contains("KQL syntax error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_the_token_is_refused_and_the_token_file_is_private()
    {
        var instance = UpInstance.TryRead(_up.Context.DataDirectory)!;
        using var stranger = new QueryApiClient(instance with { Token = "guess" });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => stranger.SearchAsync(new SearchRequest(""), CancellationToken.None));

        Assert.Contains("X-Obs-Token", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:", instance.Url, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(UpInstance.PathIn(_up.Context.DataDirectory)));
        }
    }

    [Fact]
    public async Task A_histogram_through_the_api_equals_the_store()
    {
        using var client = QueryApiClient.TryConnect(_up.Context.DataDirectory, TimeSpan.FromSeconds(60))!;
        var store = Assert.IsAssignableFrom<IAggregatingSearchStore>(_up.Context.Search);
        var request = new SearchRequest("log.level:error", From: DateTimeOffset.UnixEpoch, To: DateTimeOffset.UnixEpoch.AddMinutes(40));

        var viaApi = await client.HistogramAsync(request, TimeSpan.FromMinutes(5), CancellationToken.None);
        var direct = await store.HistogramAsync(request, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.NotEmpty(viaApi);
        Assert.Equal(direct, viaApi);
        Assert.Equal(10, viaApi.Sum(b => b.Count)); // i = 0, 3, …, 27
    }

    [Fact]
    public async Task Top_values_through_the_api_equal_the_store()
    {
        using var client = QueryApiClient.TryConnect(_up.Context.DataDirectory, TimeSpan.FromSeconds(60))!;
        var store = Assert.IsAssignableFrom<IAggregatingSearchStore>(_up.Context.Search);
        var request = new SearchRequest("step");

        var viaApi = await client.TopValuesAsync(request, "host.name", 1, CancellationToken.None);
        var direct = await store.TopValuesAsync(request, "host.name", 1, CancellationToken.None);

        Assert.Equal(direct.Field, viaApi.Field);
        Assert.Equal(direct.Buckets, viaApi.Buckets);
        Assert.Equal(direct.TotalValues, viaApi.TotalValues);
        Assert.Equal(direct.OtherCount, viaApi.OtherCount);
        Assert.Equal(30, viaApi.TotalValues);
        Assert.Equal(15, viaApi.OtherCount);
    }

    [Fact]
    public async Task A_bad_query_in_an_aggregation_is_reported_as_the_callers_error()
    {
        using var client = QueryApiClient.TryConnect(_up.Context.DataDirectory, TimeSpan.FromSeconds(60))!;

        var h = await Assert.ThrowsAsync<ArgumentException>(() => client.HistogramAsync(new SearchRequest("host.name:(("), TimeSpan.FromMinutes(1), CancellationToken.None));
        var t = await Assert.ThrowsAsync<ArgumentException>(() => client.TopValuesAsync(new SearchRequest("host.name:(("), "host.name", 5, CancellationToken.None));

        Assert.Contains("KQL syntax error", h.Message, StringComparison.Ordinal);
        Assert.Contains("^", h.Message, StringComparison.Ordinal);
        Assert.Contains("KQL syntax error", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregations_without_the_token_are_refused()
    {
        var instance = UpInstance.TryRead(_up.Context.DataDirectory)!;
        using var stranger = new QueryApiClient(instance with { Token = "guess" });

        var h = await Assert.ThrowsAsync<HttpRequestException>(() => stranger.HistogramAsync(new SearchRequest(""), TimeSpan.FromMinutes(1), CancellationToken.None));
        var t = await Assert.ThrowsAsync<HttpRequestException>(() => stranger.TopValuesAsync(new SearchRequest(""), "host.name", 5, CancellationToken.None));

        Assert.Contains("X-Obs-Token", h.Message, StringComparison.Ordinal);
        Assert.Contains("X-Obs-Token", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_protocol_carries_total_is_lower_bound()
    {
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            QueryApiProtocol.WriteResult(w, new SearchResult(10_000, [], null, TotalIsLowerBound: true));
        }

        using var json = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        var read = QueryApiProtocol.ReadResult(json.RootElement);

        Assert.True(read.TotalIsLowerBound);
        Assert.Equal(10_000, read.Total);
    }
}
