using System.Diagnostics;
using Observability.Core.Documents;
using Observability.Storage.DuckDb;
using Observability.Testing;

namespace Observability.Cli.Tests.Search;

/// <summary>
/// <c>obs search</c> as typed at a terminal, against a real DuckDB store: arguments that start with <c>@</c> reach the
/// command (no response files), and date values follow Kibana's rules in the zone of <c>--tz</c>.
/// </summary>
public sealed class SearchCommandTests : IDisposable
{
    private readonly TemporaryDirectory _data = TemporaryDirectory.Create("obs-search");

    public SearchCommandTests()
    {
        using var store = DuckDbStore.Open(new DuckDbOptions { DataDirectory = _data.Path, Threads = 1 });
        var docs = new[]
        {
            Doc(1, new DateTimeOffset(2026, 12, 4, 23, 59, 59, 999, TimeSpan.Zero)),
            Doc(2, new DateTimeOffset(2026, 12, 5, 6, 30, 15, TimeSpan.Zero)),
            Doc(3, new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)),
        };
        new DuckDbWriter(store, TimeProvider.System).WriteAsync(docs, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData("@timestamp >= \"2026-12-05\"", "UTC", "2")]
    [InlineData("@timestamp > \"2026-12-05\"", "UTC", "1")]
    [InlineData("@timestamp <= 2026-12-05", "UTC", "2")]
    [InlineData("@timestamp:2026-12-05", "UTC", "1")]
    [InlineData("@timestamp:\"2026-12-05T06:30\"", "UTC", "1")]
    [InlineData("@timestamp:2026-12-05", "+07:00", "2")]
    [InlineData("@timestamp:2026-12-05", "America/New_York", "2")]
    [InlineData("@timestamp >= 0", "UTC", "3")]
    [InlineData("@timestamp\u00A0>=\u00A02026-12-05\u00A0and\u00A0service.name:api", "UTC", "2")]
    public async Task Date_queries_typed_at_the_terminal_count_as_in_kibana(string query, string zone, string count)
    {
        var (exit, stdout, stderr) = await ObsAsync("search", query, "--count", "--data", _data.Path, "--tz", zone);

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Equal(count, stdout.Trim().Split('\n')[^1].Trim());
    }

    [Fact]
    public async Task Sort_and_fields_options_that_start_with_an_at_sign_are_not_response_files()
    {
        var (exit, stdout, stderr) = await ObsAsync("search", "@timestamp:*", "--sort", "@timestamp", "--fields", "@timestamp", "--data", _data.Path, "--tz", "UTC");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.DoesNotContain("Response file", stderr, StringComparison.Ordinal);
        var first = stdout.IndexOf("2026-12-04T23:59:59.999", StringComparison.Ordinal);
        var last = stdout.IndexOf("2026-12-06T00:00:00", StringComparison.Ordinal);
        Assert.True(first >= 0 && last > first, stdout);
    }

    [Fact]
    public async Task A_bad_time_zone_is_a_clear_error()
    {
        var (exit, _, stderr) = await ObsAsync("search", "@timestamp:2026-12-05", "--count", "--data", _data.Path, "--tz", "Mars/Olympus");

        Assert.Equal(1, exit);
        Assert.Contains("'Mars/Olympus' is not a time zone", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private static EcsDocument Doc(int n, DateTimeOffset at)
    {
        var d = new EcsDocument { Id = EventIds.From("search-cli", n), Timestamp = at, Message = $"line {n}" };
        d.Set("service.name", n == 1 ? "db" : "api");
        d.Set("data_stream.type", "logs");
        return d;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> ObsAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "obs.dll"));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("OBS_TZ");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
