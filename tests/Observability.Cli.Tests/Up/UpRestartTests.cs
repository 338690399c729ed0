using System.Diagnostics;
using System.Globalization;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// <c>obs up</c> as separate processes, stopped by SIGTERM and started again at once, with <c>obs search</c> polling
/// from the side: the restart works, and every line is stored once.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpRestartTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(10); // on the shared 2-core machine under load, 75,000 lines can take minutes
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-restart");

    /// <summary>
    /// The steps: 50,000 lines of bench/peers/genlog.py output; <c>obs up --logs</c>; 25,000 more after 5 s;
    /// <c>obs search 'event.dataset:generic' --count</c> every 2 s until 75,000; SIGTERM and wait; the last 25,000;
    /// <c>obs up</c> again at once, polled the same way. The poll that starts with the second <c>obs up</c> finds no
    /// running instance yet and opens the file read-only for as long as its count runs, which made the second
    /// <c>obs up</c> fail with "the store … is in use by another process": it now waits for that reader.
    /// </summary>
    [Fact]
    public async Task Obs_up_started_again_right_after_a_clean_stop_runs_and_stores_every_line_once()
    {
        var lines = GenerateLines(100_000);
        var logs = _dir.File("logs");
        Directory.CreateDirectory(logs);
        var log = Path.Combine(logs, "train.log");
        var data = _dir.File("data");
        string[] up = ["up", "--logs", Path.Combine(logs, "*.log"), "--data", data];
        await File.WriteAllLinesAsync(log, lines[..50_000]);

        using (var first = ObsProcess.Start(up))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            await File.AppendAllLinesAsync(log, lines[50_000..75_000]);
            await PollCountAsync(data, 75_000, first);
            first.Terminate();
            await first.WaitForExitAsync(Generous);
            Assert.True(first.ExitCode == 0, $"the first obs up exited with {first.ExitCode}:\n{first.Output}");
        }

        await File.AppendAllLinesAsync(log, lines[75_000..]);
        // The poll goes on while obs up starts again: this search finds no running obs up and opens the file itself.
        using var racingSearch = ObsProcess.Start("search", "event.dataset:generic", "--count", "--data", data);
        using var second = ObsProcess.Start(up);
        await PollCountAsync(data, 100_000, second);
        Assert.DoesNotContain("in use", second.Output, StringComparison.Ordinal);
        second.Terminate();
        await second.WaitForExitAsync(Generous);
        Assert.True(second.ExitCode == 0, $"the second obs up exited with {second.ExitCode}:\n{second.Output}");

        // Exactly once, counted on the file itself now that no obs up holds it.
        var (code, output) = await ObsProcess.RunAsync(Generous, "search", "event.dataset:generic", "--count", "--data", data);
        Assert.Equal(0, code);
        Assert.Equal("100000", output.Trim().Split('\n')[^1].Trim());
    }

    /// <summary>Polls the count every 2 s, as a user would, until it is <paramref name="expected"/>; fails if obs up exits meanwhile.</summary>
    private static async Task PollCountAsync(string data, long expected, ObsProcess up)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Generous.TotalSeconds * Stopwatch.Frequency);
        var last = string.Empty;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            Assert.False(up.HasExited, $"obs up exited with {(up.HasExited ? up.ExitCode : 0)} while polling:\n{up.Output}");
            var (code, output) = await ObsProcess.RunAsync(Generous, "search", "event.dataset:generic", "--count", "--data", data);
            last = output.Trim();
            if (code == 0 && long.TryParse(last.Split('\n')[^1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == expected)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Fail($"the count did not reach {expected}; last poll said: {last}\nobs up:\n{up.Output}");
    }

    /// <summary>The lines bench/peers/genlog.py writes (the generator the issue used), run with python3 from the repository.</summary>
    private string[] GenerateLines(int count)
    {
        var script = FindUp(Path.Combine("bench", "peers", "genlog.py"));
        var file = _dir.File("genlog.out");
        using var p = Process.Start(new ProcessStartInfo("python3", [script, count.ToString(CultureInfo.InvariantCulture), file]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var lines = File.ReadAllLines(file);
        Assert.Equal(count, lines.Length);
        return lines;
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    public void Dispose() => _dir.Dispose();
}
