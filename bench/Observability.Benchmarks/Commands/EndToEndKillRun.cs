using System.Diagnostics;
using System.Globalization;
using System.Text;
using Observability.Api.Query;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench e2e --kill N</c>: the same lines, but <c>obs up</c> runs as a child process that is killed with SIGKILL
/// N times while the lines are appended (evenly spread over them, each time once it has stored lines since the last
/// kill, so that every kill hits a process in the middle of its work) and started again at once each time. At the end the
/// last child is stopped cleanly and the store is counted: lost = lines never stored, duplicates = lines stored more
/// than once. Delays are not measured here (a killed process reports nothing); lines_per_s includes the restarts.
/// </summary>
internal static class EndToEndKillRun
{
    public static async Task<int> RunAsync(int n, int perWrite, int rate, int kills, string dir, CancellationToken ct)
    {
        var logDir = Path.Combine(dir, "bench-logs");
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(logDir);
        var logFile = Path.Combine(logDir, "bench.log");
        var errors = new Queue<string>();
        var child = StartUp(logDir, data, errors);
        var killAt = Enumerable.Range(1, kills).Select(k => (long)n * k / (kills + 1)).ToArray();
        var killed = 0;
        long storedAtKill = 0;
        Console.Error.WriteLine($"bench e2e: appending {n} lines to {logFile}, obs up killed (SIGKILL) {kills} times");

        var start = Stopwatch.GetTimestamp();
        await using (var file = new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1 << 16))
        {
            for (var i = 0; i < n; i += perWrite)
            {
                var count = Math.Min(perWrite, n - i);
                await file.WriteAsync(EndToEndBench.Lines(i, count), ct);
                await file.FlushAsync(ct);
                if (killed < kills && i + count >= killAt[killed])
                {
                    // Killed while it stores: first until it has stored more than when it was last killed (a slow
                    // start would otherwise make the kill hit a process that has not opened the store yet).
                    var before = storedAtKill;
                    while (storedAtKill <= before && !child.HasExited)
                    {
                        await Task.Delay(200, ct);
                        storedAtKill = Math.Max(storedAtKill, await CountAsync(data, ct));
                    }

                    child.Kill(); // SIGKILL: no drain, no checkpoint, no clean close of the store
                    await child.WaitForExitAsync(ct);
                    child.Dispose();
                    killed++;
                    child = StartUp(logDir, data, errors);
                }

                await EndToEndBench.PaceAsync(start, i + count, rate, ct);
            }
        }

        // Until the running obs up has stored every line (or more: duplicates), then a clean stop.
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * Math.Max(180, n / 500));
        long stored = 0;
        while (stored < n && Stopwatch.GetTimestamp() < deadline && !child.HasExited)
        {
            await Task.Delay(500, ct);
            stored = await CountAsync(data, ct);
        }

        var seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        Signal(child);
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"bench e2e: the last obs up exited with {child.ExitCode}: {string.Join(" | ", errors)}");
        }

        child.Dispose();
        long rows, distinct;
        using (var store = DuckDbStore.Open(new DuckDbOptions { DataDirectory = data }))
        {
            (rows, distinct) = EndToEndBench.CountStored(store, n);
        }

        var lost = n - distinct;
        var duplicates = rows - distinct;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines={n} rate={rate} kills={killed} wall_s={seconds:0.000} lines_per_s={n / seconds:0} lost={lost} duplicates={duplicates}"));
        return lost == 0 && duplicates == 0 && killed == kills ? 0 : 1;
    }

    private static async Task<long> CountAsync(string data, CancellationToken ct)
    {
        using var api = QueryApiClient.TryConnect(data, TimeSpan.FromSeconds(5));
        if (api is null)
        {
            return 0; // still starting
        }

        try
        {
            var result = await api.SearchAsync(new SearchRequest(EndToEndBench.Marker, CountOnly: true), ct);
            return result.Total;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return 0;
        }
    }

    private static Process StartUp(string logDir, string data, Queue<string> errors)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(host, ["exec", typeof(EndToEndKillRun).Assembly.Location, "up", "--logs", Path.Combine(logDir, "*.log"), "--data", data])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var child = Process.Start(psi) ?? throw new InvalidOperationException("obs up did not start");
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (errors)
                {
                    errors.Enqueue(line);
                    while (errors.Count > 10)
                    {
                        errors.Dequeue();
                    }
                }
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    private static void Signal(Process child)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
