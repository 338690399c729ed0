using System.Text.Json.Nodes;
using Observability.Api.Query;
using Observability.Cli.Up;
using Observability.Core.Options;
using Observability.Storage.Abstractions;
using Observability.Testing;
using Observability.Testing.Elasticsearch;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// <c>obs up --es</c>: the indexer stores into Elasticsearch (a real HTTP server on 127.0.0.1 answering as
/// Elasticsearch does) and the query API searches it; a bad URL fails at start-up naming <c>--es</c>.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpElasticsearchTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-es");
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        _dir.Dispose();
    }

    private UpSettings Settings(string esUrl) => new()
    {
        LogGlobs = [Path.Combine(_dir.Path, "logs", "*.log")],
        DataDirectory = _dir.File("data"),
        PipelinesDirectory = "", // stored as shipped
        EsUrl = esUrl,
        Interactive = false,
        StatusInterval = TimeSpan.Zero,
        ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
    };

    [Fact]
    public async Task Obs_up_with_es_sends_every_appended_line_as_one_bulk_create_with_its_event_id()
    {
        const int Lines = 2_000;
        var writer = new LogFileWriter(_dir.File("logs"), files: 2);
        await using var up = UpApplication.Create(Settings(_es.Url.ToString()));
        await up.StartAsync(CancellationToken.None);
        writer.Append(Lines / 2);
        writer.Append(Lines / 2);

        await Poll.UntilAsync(() => Creates().Count(c => Marked(c.Source)) >= Lines, TimeSpan.FromSeconds(12), "all lines sent as bulk creates");
        await Task.Delay(300); // a duplicate would follow right behind

        var creates = Creates().Where(c => Marked(c.Source)).ToList();
        Assert.Equal(Lines, creates.Count); // exactly once: no create action sent twice
        Assert.Equal(Lines, creates.Select(c => c.Id).Distinct().Count());
        Assert.All(creates, c => Assert.Equal(c.Id, c.Source["event"]?["id"]?.GetValue<string>()));
        Assert.True(writer.Written.SetEquals(creates.Select(c => c.Source["message"]!.GetValue<string>())), "the sent lines differ from the written lines");
        Assert.All(creates, c => Assert.StartsWith("logs-", c.Index, StringComparison.Ordinal));
        Assert.All(_es.Created.Values, n => Assert.Equal(1, n));

        // The _id of each line is its (file, offset) identity: the offsets are exactly the line starts of each file.
        foreach (var file in Directory.GetFiles(_dir.File("logs"), "*.log"))
        {
            var starts = new List<long>();
            long offset = 0;
            foreach (var line in File.ReadAllLines(file))
            {
                starts.Add(offset);
                offset += System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            }

            var sent = creates.Where(c => c.Source["log"]?["file"]?["path"]?.GetValue<string>() == file).Select(c => c.Source["log"]!["offset"]!.GetValue<long>()).Order();
            Assert.Equal(starts, sent);
        }

        // Nothing went to DuckDB; the query API answers from Elasticsearch.
        Assert.Equal(0, up.Context.Store.QueryScalar<long>("SELECT count(*) FROM logs"));
        using var api = QueryApiClient.TryConnect(up.Context.DataDirectory, TimeSpan.FromSeconds(10));
        Assert.NotNull(api);
        var count = await api.SearchAsync(new SearchRequest(LogFileWriter.Marker, CountOnly: true), CancellationToken.None);
        Assert.True(count.Total >= Lines, $"query API counted {count.Total}");

        await up.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://es:9200")]
    public void A_bad_es_url_fails_at_start_up_naming_the_option(string url)
    {
        var e = Assert.Throws<ObsConfigException>(() => UpApplication.Create(Settings(url)));
        Assert.Contains("--es", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.File("data"), "obs.duckdb")), "nothing is opened before validation");
    }

    private static bool Marked(JsonObject source) => source["message"]?.GetValue<string>()?.Contains(LogFileWriter.Marker, StringComparison.Ordinal) == true;

    /// <summary>Every <c>create</c> action of every <c>_bulk</c> request, in order.</summary>
    private List<(string Index, string Id, JsonObject Source)> Creates()
    {
        var result = new List<(string, string, JsonObject)>();
        foreach (var (method, path, body) in _es.Requests.ToArray())
        {
            if (method != "POST" || path != "/_bulk")
            {
                continue;
            }

            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < lines.Length; i += 2)
            {
                var action = JsonNode.Parse(lines[i])!.AsObject();
                if (action["create"] is JsonObject meta)
                {
                    result.Add((meta["_index"]!.GetValue<string>(), meta["_id"]?.GetValue<string>() ?? "", JsonNode.Parse(lines[i + 1])!.AsObject()));
                }
            }
        }

        return result;
    }
}
