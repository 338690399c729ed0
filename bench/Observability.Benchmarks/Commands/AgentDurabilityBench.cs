using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Files;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench agent-durability</c>: the full-size rotation runs, counted at the destination: an in-process
/// producer that acknowledges and keeps every delivered event id (distinct ids = what a store keeps). Kafka is left
/// out on purpose: librdkafka's mock cluster keeps only ~150k messages per partition and the agent keys every event by
/// host.name (one partition), so a 500k read-back would measure the mock; the Kafka paths are covered by the tests. (1) rename storm: N lines written at full speed, the file renamed
/// every K lines (pattern <c>app.log*</c>, as logrotate's rotated names); (2) copytruncate at a steady write rate
/// without pausing for the agent, measuring the lines lost in the copy-to-truncate window.
/// </summary>
internal static class AgentDurabilityBench
{
    public static Command Create()
    {
        var lines = new Option<int>("--lines") { Description = "Lines in the rename storm", DefaultValueFactory = _ => 500_000 };
        var every = new Option<int>("--rotate-every") { Description = "Lines between rotations", DefaultValueFactory = _ => 10_000 };
        var ctLines = new Option<int>("--copytruncate-lines") { Description = "Lines in the copytruncate run", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<int>("--copytruncate-rate") { Description = "Lines per second written during the copytruncate run", DefaultValueFactory = _ => 20_000 };
        var cmd = new Command("agent-durability", "Rename storm and copytruncate, counted at the destination; last line: lines= lost= duplicates= …");
        foreach (var o in new Option[] { lines, every, ctLines, rate })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var (n, lost, dup, wall) = await RenameStormAsync(r.GetValue(lines), r.GetValue(every), ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rename storm: lines={n} lost={lost} duplicates={dup} wall_s={wall:F1}"));
            var (cn, clost, cdup, windows) = await CopyTruncateAsync(r.GetValue(ctLines), r.GetValue(every), r.GetValue(rate), copiesMatched: false, ct);
            windows.Sort();
            var p50 = windows.Count > 0 ? windows[windows.Count / 2] : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"copytruncate (pattern app.log): lines={cn} lost={clost} duplicates={cdup} rotations={windows.Count} copy_to_truncate_ms_p50={p50:F1} lost_per_rotation={(windows.Count > 0 ? clost / (double)windows.Count : 0):F0}"));
            var (mn, mlost, mdup, _) = await CopyTruncateAsync(r.GetValue(ctLines), r.GetValue(every), r.GetValue(rate), copiesMatched: true, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copytruncate (pattern app.log*, copies matched): lines={mn} lost={mlost} duplicates={mdup}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lines={n} lost={lost} duplicates={dup} copytruncate_lines={cn} copytruncate_lost={clost} copytruncate_matched_lost={mlost} copy_to_truncate_ms_p50={p50:F1}"));
            return lost == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static string Line(int i) => string.Create(CultureInfo.InvariantCulture, $"2026-11-26T10:00:00Z INFO rank={i % 8} step={i:D8} loss=0.{i % 997:D3} durability bench line");

    private static async Task<(int Lines, int Lost, int Duplicates, double WallS)> RenameStormAsync(int total, int every, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("obs-durability-");
        var log = Path.Combine(dir.FullName, "app.log");
        var wall = Stopwatch.StartNew();
        var sink = new CountingProducer();
        await using (var run = StartAgent(sink, log + "*", dir.FullName))
        {
            var w = new StreamWriter(log, append: true);
            for (var i = 0; i < total; i++)
            {
                await w.WriteLineAsync(Line(i));
                if ((i + 1) % every == 0)
                {
                    await w.DisposeAsync();
                    File.Move(log, $"{log}.{(i + 1) / every}");
                    w = new StreamWriter(log, append: true);
                }
            }

            await w.DisposeAsync();
            await run.WaitAllAckedAsync(ct);
        }

        var (distinct, received) = sink.Counts;
        dir.Delete(recursive: true);
        return (total, total - distinct, received - distinct, wall.Elapsed.TotalSeconds);
    }

    private static async Task<(int Lines, int Lost, int Duplicates, List<double> WindowsMs)> CopyTruncateAsync(int total, int every, int rate, bool copiesMatched, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("obs-durability-ct-");
        var log = Path.Combine(dir.FullName, "app.log");
        var windows = new List<double>();
        var sink = new CountingProducer();
        await using (var run = StartAgent(sink, copiesMatched ? log + "*" : log, dir.FullName))
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < total; i += 100)
            {
                await File.AppendAllLinesAsync(log, Enumerable.Range(i, Math.Min(100, total - i)).Select(Line), ct);
                var due = TimeSpan.FromSeconds((i + 100) / (double)rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, ct);
                }

                if ((i + 100) % every == 0)
                {
                    // logrotate copytruncate: copy, then truncate in place; lines the agent had not read by then are lost.
                    var t = Stopwatch.StartNew();
                    File.Copy(log, $"{log}.{(i + 100) / every}");
                    await using (var fs = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    {
                        fs.SetLength(0);
                    }

                    windows.Add(t.Elapsed.TotalMilliseconds);
                }
            }

            await run.WaitAllAckedAsync(ct);
        }

        var (distinct, received) = sink.Counts;
        dir.Delete(recursive: true);
        return (total, total - distinct, received - distinct, windows);
    }

    private static AgentRun StartAgent(CountingProducer sink, string glob, string dir)
    {
        var options = new FileInputOptions
        {
            Include = [glob],
            CheckpointDirectory = Path.Combine(dir, "state"),
            ScanInterval = TimeSpan.FromMilliseconds(250),
            CloseRemovedAfter = TimeSpan.FromSeconds(1),
        };
        var agent = new FileAgent(options, sink, TimeProvider.System, NullLogger<FileAgent>.Instance);
        var cts = new CancellationTokenSource();
        return new AgentRun(agent, cts, agent.RunAsync(cts.Token));
    }

    /// <summary>The destination: acknowledges each batch and keeps every event id it received.</summary>
    private sealed class CountingProducer : IMessageProducer
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private int _received;

        public (int Distinct, int Received) Counts { get { lock (_ids) { return (_ids.Count, _received); } } }

        public Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
        {
            lock (_ids)
            {
                foreach (var m in messages)
                {
                    using var doc = JsonDocument.Parse(m.Value);
                    _ids.Add(doc.RootElement.GetProperty("event").GetProperty("id").GetString()!);
                    _received++;
                }
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class AgentRun(FileAgent agent, CancellationTokenSource cts, Task run) : IAsyncDisposable
    {
        /// <summary>Every file known to the agent acknowledged to its end (and rotated files let go).</summary>
        public async Task WaitAllAckedAsync(CancellationToken ct)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(5) && !ct.IsCancellationRequested)
            {
                var read = agent.Telemetry.Value(TelemetryNames.Received);
                if (read > 0 && agent.Telemetry.Value("batches_in_flight") == 0 && agent.Files.All(f => f.AckedOffset >= f.Size))
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct); // a last scan sees nothing new
                    if (agent.Telemetry.Value(TelemetryNames.Received) == read && agent.Files.All(f => f.AckedOffset >= f.Size))
                    {
                        return;
                    }
                }

                await Task.Delay(100, ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Console.WriteLine($"  agent: {agent.Telemetry}");
            await cts.CancelAsync();
            await run;
            await agent.DisposeAsync();
            cts.Dispose();
        }
    }
}
