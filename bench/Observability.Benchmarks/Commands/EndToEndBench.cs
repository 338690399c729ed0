using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Core.Telemetry;
using Observability.Storage.DuckDb;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench e2e --lines N</c>: embedded <c>obs up</c> (agent → in-process transport → indexer → DuckDB) with N lines
/// appended to one file the agent tails, at full speed (default) or at <c>--rate</c> lines a second.
/// <para>
/// Measurement. Each line carries its sequence number; the writer appends lines in chunks of
/// <c>--chunk</c> and records, per line, the monotonic clock reading taken just before the chunk's write call
/// (write time). A line is <i>searchable</i> when the DuckDB transaction that stores it commits: from that moment any
/// query sees it. The indexer raises <c>Committed</c> right after each commit; the bench reads the same monotonic clock
/// there for every line of the batch (visible time). delay = visible − write, per line; p50/p99 over all lines.
/// lines_per_s = N / (time from the first write to the last line visible).
/// lost and duplicates are counted afterwards by querying the store: lost = N − distinct sequence numbers stored,
/// duplicates = rows − distinct sequence numbers.
/// </para>
/// </summary>
internal static class EndToEndBench
{
    internal const string Marker = "benchline";

    public static Command Create()
    {
        var lines = new Option<int>("--lines") { Description = "Lines to append", DefaultValueFactory = _ => 100_000 };
        var chunk = new Option<int>("--chunk") { Description = "Lines per write call", DefaultValueFactory = _ => 1000 };
        var rate = new Option<int>("--rate") { Description = "Lines per second to append (0: as fast as possible)", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "Data directory (default: a fresh temporary one, removed afterwards)" };
        var kill = new Option<int>("--kill") { Description = "Run obs up as a child process and SIGKILL it this many times during the run (restarted each time); counts lost and duplicated lines", DefaultValueFactory = _ => 0 };
        var cmd = new Command("e2e", "Lines appended to a file → searchable in the embedded store: throughput and write-to-searchable delay.");
        cmd.Options.Add(lines);
        cmd.Options.Add(chunk);
        cmd.Options.Add(rate);
        cmd.Options.Add(data);
        cmd.Options.Add(kill);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var n = r.GetValue(lines);
            var perWrite = Math.Max(1, r.GetValue(chunk));
            if (n < 1)
            {
                await Console.Error.WriteLineAsync("--lines must be at least 1");
                return 2;
            }

            var dir = r.GetValue(data) ?? Path.Combine(Path.GetTempPath(), $"obs-bench-e2e-{Guid.NewGuid():N}");
            try
            {
                return r.GetValue(kill) > 0
                    ? await EndToEndKillRun.RunAsync(n, perWrite, Math.Max(0, r.GetValue(rate)), r.GetValue(kill), Path.GetFullPath(dir), ct)
                    : await RunAsync(n, perWrite, Math.Max(0, r.GetValue(rate)), Path.GetFullPath(dir), ct);
            }
            finally
            {
                if (r.GetValue(data) is null)
                {
                    try
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        });
        return cmd;
    }

    private static async Task<int> RunAsync(int n, int perWrite, int rate, string dir, CancellationToken ct)
    {
        var logDir = Path.Combine(dir, "bench-logs");
        Directory.CreateDirectory(logDir);
        var logFile = Path.Combine(logDir, "bench.log");
        var writeTicks = new long[n];
        var visibleTicks = new long[n];
        var seen = 0;

        await using var up = UpApplication.Create(new UpSettings
        {
            LogGlobs = [Path.Combine(logDir, "*.log")],
            DataDirectory = Path.Combine(dir, "data"),
            Interactive = false,
            StatusInterval = TimeSpan.Zero,
            ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
            Metrics = false, // the log path alone is measured
        });
        up.Indexer!.Committed += docs =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var d in docs)
            {
                if (TryParseSeq(d, out var seq) && seq < n && Interlocked.CompareExchange(ref visibleTicks[seq], now, 0) == 0)
                {
                    Interlocked.Increment(ref seen);
                }
            }
        };
        await up.StartAsync(ct);
        Console.Error.WriteLine($"bench e2e: appending {n} lines to {logFile} {(rate > 0 ? $"at {rate} lines/s" : "at full speed")}");

        using var self = Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        await using (var file = new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1 << 16))
        {
            for (var i = 0; i < n; i += perWrite)
            {
                var count = Math.Min(perWrite, n - i);
                var t = Stopwatch.GetTimestamp();
                Array.Fill(writeTicks, t, i, count);
                await file.WriteAsync(Lines(i, count), ct);
                await file.FlushAsync(ct);
                await PaceAsync(start, i + count, rate, ct);
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * Math.Max(120, n / 500));
        while (Volatile.Read(ref seen) < n && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5, ct);
        }

        var end = visibleTicks.Max();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuStart;
        await up.StopAsync(ct);
        self.Refresh();
        var peakRssMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);

        var (rows, distinct) = CountStored(up.Context.Store, n);
        var lost = n - distinct;
        var duplicates = rows - distinct;

        var delays = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            if (visibleTicks[i] != 0)
            {
                delays.Add((visibleTicks[i] - writeTicks[i]) * 1000.0 / Stopwatch.Frequency);
            }
        }

        delays.Sort();
        var seconds = (end - start) / (double)Stopwatch.Frequency;
        var s = up.Status;
        Console.Error.WriteLine($"bench e2e: agent read {s.LinesRead}, indexer stored {up.Indexer!.Telemetry.Value(TelemetryNames.Sent)} (incl. obs up's own log events), {up.Indexer.Telemetry.Value("batches")} batches");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines={n} rate={rate} wall_s={seconds:0.000} lines_per_s={(seconds > 0 ? n / seconds : 0):0} p50_ms={Percentile(delays, 0.50):0.0} p99_ms={Percentile(delays, 0.99):0.0} max_ms={(delays.Count > 0 ? delays[^1] : 0):0.0} cpu_us_per_line={cpu.TotalMicroseconds / n:0.0} peak_rss_mb={peakRssMb:0} lost={lost} duplicates={duplicates}"));
        return lost == 0 && duplicates == 0 ? 0 : 1;
    }

    /// <summary>
    /// Lines <paramref name="first"/> … first+count−1, each carrying its sequence number. <c>cpu_us_per_line</c> is the
    /// whole process's CPU time (every thread: this writer, agent, indexer, DuckDB) from the first write until the last
    /// line is visible, divided by the lines; writing them here costs well under a microsecond a line of it.
    /// </summary>
    internal static byte[] Lines(int first, int count)
    {
        var sb = new StringBuilder(count * 96);
        for (var j = first; j < first + count; j++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"2026-11-26T10:00:00.000Z INFO [gpu-node-01] trainer {Marker} seq={j} step={j} loss=0.{j % 9973:D4} throughput=812 samples/s\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>With a rate, waits until <paramref name="written"/> lines are due since <paramref name="start"/>.</summary>
    internal static async Task PaceAsync(long start, int written, int rate, CancellationToken ct)
    {
        if (rate <= 0)
        {
            return;
        }

        var due = start + (long)(written * (double)Stopwatch.Frequency / rate);
        var wait = due - Stopwatch.GetTimestamp();
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), ct);
        }
    }

    /// <summary>Rows holding a bench line, and distinct sequence numbers below <paramref name="n"/> among them.</summary>
    internal static (long Rows, long Distinct) CountStored(DuckDbStore store, int n)
    {
        const string seqSql = "CAST(regexp_extract(message, 'seq=([0-9]+)', 1) AS BIGINT)";
        var rows = store.QueryScalar<long>("SELECT count(*) FROM logs WHERE message LIKE $1", $"%{Marker}%");
        var distinct = store.QueryScalar<long>($"SELECT count(DISTINCT {seqSql}) FROM logs WHERE message LIKE $1 AND {seqSql} < $2", $"%{Marker}%", (long)n);
        return (rows, distinct);
    }

    private static bool TryParseSeq(EcsDocument doc, out long seq)
    {
        seq = -1;
        var m = doc.Message;
        if (m is null)
        {
            return false;
        }

        var at = m.IndexOf(" seq=", StringComparison.Ordinal);
        if (at < 0 || !m.Contains(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        var span = m.AsSpan(at + 5);
        var end = span.IndexOf(' ');
        return long.TryParse(end < 0 ? span : span[..end], NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
