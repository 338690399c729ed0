using Observability.Api.Query;
using Observability.Cli.Up;
using Observability.Core.Hosting;
using Observability.Storage.Abstractions;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// The acceptance path on the in-process transport: lines appended to files while <c>obs up</c> runs are all
/// searchable exactly once, also across a stop and restart in the middle of the stream.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpEndToEndTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up");

    private UpSettings Settings() => new()
    {
        LogGlobs = [Path.Combine(_dir.Path, "logs", "*.log")],
        DataDirectory = _dir.File("data"),
        Interactive = false,
        StatusInterval = TimeSpan.Zero,
        ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
    };

    internal static long CountLines(UpApplication up) =>
        up.Context.Store.QueryScalar<long>("SELECT count(*) FROM logs WHERE message LIKE $1", $"%{LogFileWriter.Marker}%");

    /// <summary>Asserts the store holds exactly the written lines: no loss, no duplicate (by id and by content).</summary>
    internal static void AssertExactlyOnce(UpApplication up, LogFileWriter writer)
    {
        var store = up.Context.Store;
        var like = $"%{LogFileWriter.Marker}%";
        Assert.Equal(writer.Written.Count, store.QueryScalar<long>("SELECT count(*) FROM logs WHERE message LIKE $1", like));
        Assert.Equal(writer.Written.Count, store.QueryScalar<long>("SELECT count(DISTINCT id) FROM logs WHERE message LIKE $1", like));
        Assert.Equal(writer.Written.Count, store.QueryScalar<long>("SELECT count(DISTINCT message) FROM logs WHERE message LIKE $1", like));

        using var c = store.OpenReadConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT message FROM logs WHERE message LIKE $1";
        cmd.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter(like));
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            stored.Add(reader.GetString(0));
        }

        Assert.True(writer.Written.SetEquals(stored), "the stored lines differ from the written lines");
    }

    [Fact]
    public async Task Lines_appended_while_obs_up_runs_are_all_searchable_exactly_once()
    {
        var writer = new LogFileWriter(_dir.File("logs"), files: 4);
        await using var up = UpApplication.Create(Settings());
        await up.StartAsync(CancellationToken.None);

        for (var chunk = 0; chunk < 10; chunk++)
        {
            writer.Append(10_000);
            await Task.Yield();
        }

        await UpDiagnostics.UntilAsync(up, () => CountLines(up) >= 100_000, Generous, "all 100,000 lines stored");
        AssertExactlyOnce(up, writer);

        // Searchable through the query API, as `obs search` does while obs up owns the store.
        using var api = QueryApiClient.TryConnect(up.Context.DataDirectory, TimeSpan.FromSeconds(60));
        Assert.NotNull(api);
        var hits = await api.SearchAsync(new SearchRequest($"{LogFileWriter.Marker} and message:\"seq=99999\"", Limit: 5), CancellationToken.None);
        Assert.Equal(1, hits.Total);
        var count = await api.SearchAsync(new SearchRequest(LogFileWriter.Marker, CountOnly: true), CancellationToken.None);
        Assert.Equal(100_000, count.Total);

        await up.StopAsync(CancellationToken.None);
        Assert.Null(UpInstance.TryRead(up.Context.DataDirectory));
    }

    [Fact]
    public async Task Stopping_and_restarting_mid_stream_loses_nothing_and_duplicates_nothing()
    {
        var writer = new LogFileWriter(_dir.File("logs"), files: 3);
        var first = UpApplication.Create(Settings());
        await first.StartAsync(CancellationToken.None);
        writer.Append(15_000);
        await Poll.UntilAsync(() => CountLines(first) > 0, Generous, "some lines stored before the stop");
        writer.Append(10_000); // still being read when the stop comes
        await first.DisposeAsync();

        writer.Append(10_000); // written while obs up is down
        await using var second = UpApplication.Create(Settings());
        await second.StartAsync(CancellationToken.None);
        writer.Append(5_000);

        await UpDiagnostics.UntilAsync(second, () => CountLines(second) >= 40_000, Generous, "all 40,000 lines stored after the restart");
        await second.StopAsync(CancellationToken.None);
        AssertExactlyOnce(second, writer);
    }

    [Fact]
    public async Task Obs_up_logs_its_own_events_into_the_store_as_ecs_documents()
    {
        await using var up = UpApplication.Create(Settings());
        await up.StartAsync(CancellationToken.None);

        await Poll.UntilAsync(() => up.Context.Store.QueryScalar<long>("SELECT count(*) FROM logs WHERE service_name = 'obs-indexer'") > 0,
            Generous, "the indexer's own start-up event is stored");
        Assert.True(up.Context.Store.QueryScalar<long>(
            "SELECT count(*) FROM logs WHERE service_name = 'obs-indexer' AND log_level = 'info' AND json_extract_string(doc, '$.ecs.version') IS NOT NULL") > 0);
    }

    public void Dispose() => _dir.Dispose();
}
