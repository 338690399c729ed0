using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Storage.Abstractions;
using Observability.Storage.Api;
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
}
