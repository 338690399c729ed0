using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Observability.Agent.Files;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench agent-kill</c>: the issue's full-size crash run. Lines are written to a file at a steady rate while
/// <c>obs agent</c> child processes ship it to Kafka; each is killed with SIGKILL (no shutdown, no last checkpoint)
/// once its checkpoint has passed its share of the file (kills spread over the run), and the next one resumes from
/// the checkpoint. A consumer reads the topic while
/// this runs (the mock cluster keeps only a few MiB per partition) and counts the file's events by event id:
/// distinct ids must equal the lines written; duplicates are allowed (a store removes them by id).
/// With <c>--rotate-every N</c> the agent follows only the live file, which the writer renames out of that pattern
/// every N lines (<c>app.log.1</c>, …); the agent runs before the writer starts and is killed as soon as each run has
/// saved a checkpoint (the crash loop of the first seconds): files renamed while it was down are finished after a restart.
/// </summary>
internal static class AgentKillBench
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (e.g. bench/peers/mockkafka)", Required = true };
        var lines = new Option<int>("--lines") { Description = "Lines written", DefaultValueFactory = _ => 500_000 };
        var kills = new Option<int>("--kills") { Description = "SIGKILLs of the agent", DefaultValueFactory = _ => 5 };
        var rate = new Option<int>("--rate") { Description = "Lines per second written", DefaultValueFactory = _ => 10_000 };
        var rotateEvery = new Option<int>("--rotate-every") { Description = "Rename the live file out of the agent's pattern every N lines, kill the agent in its first seconds (0: no rotation, kills spread over the run)", DefaultValueFactory = _ => 0 };
        var cmd = new Command("agent-kill", "kill -9 the agent N times while it ships a file to Kafka, count by event id; last line: lines= kills= received= distinct= duplicates= lost=");
        foreach (var o in new Option[] { bootstrap, lines, kills, rate, rotateEvery })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
            await RunAsync(r.GetValue(bootstrap)!, Math.Max(1, r.GetValue(lines)), Math.Max(0, r.GetValue(kills)), Math.Max(100, r.GetValue(rate)), Math.Max(0, r.GetValue(rotateEvery)), ct));
        return cmd;
    }

    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Errors = new();

    private static string Line(int i) => string.Create(CultureInfo.InvariantCulture, $"2026-11-26T10:00:00Z INFO rank={i % 8} step={i:D8} kill bench line");

    private static async Task<int> RunAsync(string bootstrap, int total, int kills, int rate, int rotateEvery, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("obs-agent-kill-");
        var log = Path.Combine(dir.FullName, "app.log");
        var state = Path.Combine(dir.FullName, "state");
        await File.WriteAllTextAsync(log, string.Empty, ct);
        var wall = Stopwatch.StartNew();
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var counts = new ReadBack(dir.FullName + Path.DirectorySeparatorChar);
        var reader = Task.Run(() => counts.Consume(bootstrap, stopReading.Token), CancellationToken.None);
        var writer = Task.Run(async () =>
        {
            const int chunk = 500;
            var pause = TimeSpan.FromSeconds(chunk / (double)rate);
            for (var i = 0; i < total; i += chunk)
            {
                await File.AppendAllLinesAsync(log, Enumerable.Range(i, Math.Min(chunk, total - i)).Select(Line), ct);
                if (rotateEvery > 0 && i == 0)
                {
                    // As in the issue, the agent runs before the writer gets going (a file no run ever saw is unknown to all).
                    await UntilAsync(() => Checkpoint(state) > 0, TimeSpan.FromSeconds(120), ct);
                }

                if (rotateEvery > 0 && (i + chunk) % rotateEvery == 0 && i + chunk < total)
                {
                    File.Move(log, $"{log}.{(i + chunk) / rotateEvery}");
                }

                await Task.Delay(pause, ct);
            }
        }, ct);

        var killed = 0;
        long last = 0;
        var expectedBytes = Enumerable.Range(0, total).Sum(i => (long)Line(i).Length + 1);
        try
        {
            for (var k = 0; k <= kills; k++)
            {
                using var child = StartAgent(bootstrap, log, state);
                try
                {
                    if (k < kills)
                    {
                        // Kills spread over the run: the k-th once the checkpoint passed k/(kills+1) of the file to come; with
                        // rotation, as soon as this run saved a checkpoint.
                        var from = rotateEvery > 0 ? last : Math.Max(last, (k + 1) * expectedBytes / (kills + 1));
                        var progressed = await UntilAsync(() => Checkpoint(state) > from || child.HasExited, TimeSpan.FromSeconds(120), ct);
                        if (!progressed || child.HasExited)
                        {
                            await Console.Error.WriteLineAsync($"agent {k} made no progress or exited ({(child.HasExited ? "exited" : "timeout")}):{Environment.NewLine}{string.Join(Environment.NewLine, Errors)}");
                            return 2;
                        }

                        child.Kill(); // SIGKILL
                        await child.WaitForExitAsync(ct);
                        killed++;
                        last = Checkpoint(state);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill {killed}: checkpoint at byte {last:N0}, {counts.Distinct:N0} distinct events read so far"));
                    }
                    else
                    {
                        await writer;
                        if (!await UntilAsync(() => Checkpoint(state) >= expectedBytes, TimeSpan.FromSeconds(180), ct))
                        {
                            await Console.Error.WriteLineAsync($"the last agent did not acknowledge all files ({Checkpoint(state)} of {expectedBytes} bytes)");
                        }
                    }
                }
                finally
                {
                    if (!child.HasExited)
                    {
                        child.Kill();
                    }
                }
            }

            await UntilAsync(() => counts.Distinct >= total, TimeSpan.FromSeconds(120), ct);
        }
        finally
        {
            await stopReading.CancelAsync();
            await reader;
            dir.Delete(recursive: true);
        }

        var lost = total - counts.Distinct;
        var wrong = counts.Unexpected(Enumerable.Range(0, total).Select(Line));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines={total} kills={killed} rotate_every={rotateEvery} received={counts.Received} distinct={counts.Distinct} duplicates={counts.Received - counts.Distinct} lost={lost} wrong_content={wrong} wall_s={wall.Elapsed.TotalSeconds:F1}"));
        return lost == 0 && wrong == 0 && killed == kills ? 0 : 1;
    }

    private static Process StartAgent(string bootstrap, string log, string state)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(host, ["exec", typeof(AgentKillBench).Assembly.Location, "agent", "--kafka", bootstrap, "--logs", log, "--state-dir", state, "--metrics-interval", "0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var child = Process.Start(psi) ?? throw new InvalidOperationException("obs agent did not start");
        // Both pipes drained so a chatty child never blocks on them; the last error lines are kept for a failure report.
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Errors.Enqueue(line);
                while (Errors.Count > 20 && Errors.TryDequeue(out string? _))
                {
                }
            }
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    private static long Checkpoint(string state)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(state, CheckpointStore.FileName)));
            // Summed over files: the bytes acknowledged, also when the file was renamed and a new one started.
            return doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("offset").GetInt64()).Sum();
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException)
        {
            return 0; // not written yet (or being replaced: the rename is atomic, a read may still race the first write)
        }
    }

    private static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    /// <summary>Reads the logs topic from its beginning and keeps the events of the bench's files (under <paramref name="directory"/>) by event id.</summary>
    private sealed class ReadBack(string directory)
    {
        private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private long _received;

        public int Distinct
        {
            get
            {
                lock (_lock)
                {
                    return _byId.Count;
                }
            }
        }

        public long Received => Interlocked.Read(ref _received);

        public int Unexpected(IEnumerable<string> expected)
        {
            lock (_lock)
            {
                var want = expected.ToHashSet(StringComparer.Ordinal);
                return _byId.Values.Count(v => !want.Contains(v));
            }
        }

        public void Consume(string bootstrap, CancellationToken ct)
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "obs-bench-agent-kill-" + Guid.NewGuid().ToString("N"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                TopicMetadataRefreshIntervalMs = 1000,
            };
            using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).SetLogHandler((_, _) => { }).Build();
            consumer.Subscribe(new FileInputOptions().Topic);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    if (consumer.Consume(ct) is { Message.Value: { } value })
                    {
                        Count(value);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                consumer.Close();
            }
        }

        private void Count(byte[] value)
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (!root.TryGetProperty("log", out var l) || !l.TryGetProperty("file", out var f) || f.GetProperty("path").GetString()?.StartsWith(directory, StringComparison.Ordinal) != true)
            {
                return; // another producer's event on the same topic
            }

            var id = root.GetProperty("event").GetProperty("id").GetString()!;
            var message = root.GetProperty("message").GetString()!;
            Interlocked.Increment(ref _received);
            lock (_lock)
            {
                _byId.TryAdd(id, message);
            }
        }
    }
}
