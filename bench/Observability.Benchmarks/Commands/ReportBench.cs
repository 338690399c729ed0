using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Observability.Cli.Commands;
using Observability.Reports.Scheduling;
using Observability.Storage.DuckDb;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench report</c>: a generated store of N days for H hosts × G GPUs — GPU samples every 5 minutes (the
/// agent's default metrics period is 10 s; 5 min keeps 30 days × 512 GPUs at 4.4M rows on this 2-core machine), one
/// agent-monitoring sample and one log line per host per 5 minutes, XID events, and training jobs — written with DuckDB
/// <c>range()</c> straight into the real tables with ECS <c>doc</c> JSON, then <c>obs report run</c>'s code path over
/// the whole window (period = the N days, so every row is read). Cached under <c>.bench/report</c>.
/// </summary>
internal static class ReportBench
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static Command Create()
    {
        var cmd = new Command("report", "Time obs report run over 30 days of generated data for 64 hosts × 8 GPUs");
        var hosts = new Option<int>("--hosts") { DefaultValueFactory = _ => 64 };
        var gpus = new Option<int>("--gpus-per-host") { DefaultValueFactory = _ => 8 };
        var days = new Option<int>("--days") { DefaultValueFactory = _ => 30 };
        var dir = new Option<string>("--dir") { Description = "Where the generated store is cached", DefaultValueFactory = _ => Path.Combine(".bench", "report") };
        foreach (var o in new Option[] { hosts, gpus, days, dir })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
            await RunAsync(r.GetValue(hosts), r.GetValue(gpus), r.GetValue(days), r.GetValue(dir)!, ct));
        return cmd;
    }

    private static async Task<int> RunAsync(int hosts, int gpusPerHost, int days, string dir, CancellationToken ct)
    {
        // v2: every GPU sample and agent sample carries event.ingested (the indexer sets it since the ingested column).
        var data = Path.Combine(dir, $"h{hosts}-g{gpusPerHost}-d{days}-v2");
        long rows;
        using (var store = DuckDbStore.Open(new DuckDbOptions { DataDirectory = data }))
        {
            rows = store.QueryScalar<long>("SELECT (SELECT count(*) FROM metrics) + (SELECT count(*) FROM logs) + (SELECT count(*) FROM traces)");
            if (rows == 0)
            {
                var sw = Stopwatch.StartNew();
                Generate(store, hosts, gpusPerHost, days);
                rows = store.QueryScalar<long>("SELECT (SELECT count(*) FROM metrics) + (SELECT count(*) FROM logs) + (SELECT count(*) FROM traces)");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {rows:N0} rows in {sw.Elapsed.TotalSeconds:F1} s into {data}"));
            }
        }

        var output = Path.Combine(dir, "out");
        var timer = Stopwatch.StartNew();
        var result = await ReportCommands.RunReportAsync(data, output, TimeSpan.FromDays(days), End, "bench", new ReportsOptions(), ct);
        var seconds = timer.Elapsed.TotalSeconds;
        var r = result.Artifacts.Report;
        Console.WriteLine($"html={new FileInfo(Path.Combine(output, result.Artifacts.FileStem + ".html")).Length} bytes, gpus reporting={r.Gpus.GpusReporting.Current}, idle GPU-hours={r.Gpus.IdleGpuHours.Current:F1}, jobs={r.Training.Jobs.Current}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hosts={hosts} gpus={hosts * gpusPerHost} days={days} rows={rows} report_s={seconds:F2}"));
        return 0;
    }

    private static void Generate(DuckDbStore store, int hosts, int gpusPerHost, int days)
    {
        var start = End.AddDays(-days).ToUnixTimeSeconds();
        var steps = days * 24 * 12;
        string P(string sql) => sql.Replace("$start", start.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$steps", steps.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$hosts", hosts.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$gpus", gpusPerHost.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        store.WriteLock.Wait();
        try
        {
            using var cmd = store.Connection.CreateCommand();
            // All values are integers generated here (no user input reaches this SQL).
            cmd.CommandText = P("""
                SELECT setseed(0.42);
                INSERT INTO metrics (id, ts, dataset, namespace, host_name, event_dataset, gpu_uuid, ingested, doc)
                SELECT 'g-' || h || '-' || g || '-' || s, to_timestamp($start + s * 300), 'gpu.device', 'default', 'gpu-node-' || lpad(h::VARCHAR, 3, '0'),
                  'gpu.device', 'GPU-' || h || '-' || g, to_timestamp($start + s * 300 + 1 + (h + g + s) % 4),
                  json_object('@timestamp', strftime(to_timestamp($start + s * 300), '%Y-%m-%dT%H:%M:%SZ'), 'host', json_object('name', 'gpu-node-' || lpad(h::VARCHAR, 3, '0')),
                    'event', json_object('dataset', 'gpu.device', 'ingested', strftime(to_timestamp($start + s * 300 + 1 + (h + g + s) % 4), '%Y-%m-%dT%H:%M:%SZ')),
                    'gpu', json_object('uuid', 'GPU-' || h || '-' || g, 'index', g,
                      'utilization', json_object('gpu', json_object('pct', CASE WHEN (h + g + s // 36) % 7 = 0 THEN 0 ELSE round(random(), 3) END)),
                      'temperature', json_object('celsius', 35 + ((h * 7 + g * 3 + s) % 50)),
                      'throttle', json_object('mask', CASE WHEN s % 97 = 0 THEN 64 ELSE 0 END),
                      'ecc', json_object('uncorrected', json_object('total', CASE WHEN h = 3 AND g = 1 AND s > $steps / 2 THEN 1 ELSE 0 END))))
                FROM range($hosts) t(h), range($gpus) u(g), range($steps) v(s)
                WHERE NOT (h = 5 AND s > $steps - 288);
                INSERT INTO metrics (id, ts, dataset, namespace, host_name, event_dataset, gpu_uuid, doc)
                SELECT 'x-' || h || '-' || s, to_timestamp($start + s * 300 + 7), 'gpu.xid', 'default', 'gpu-node-' || lpad(h::VARCHAR, 3, '0'), 'gpu.xid', 'GPU-' || h || '-0',
                  json_object('gpu', json_object('uuid', 'GPU-' || h || '-0', 'xid', json_object('code', CASE WHEN s % 2 = 0 THEN 79 ELSE 48 END)))
                FROM range($hosts) t(h), range($steps) v(s) WHERE (h * 31 + s) % 997 = 0;
                INSERT INTO metrics (id, ts, dataset, namespace, host_name, event_dataset, ingested, doc)
                SELECT 'a-' || h || '-' || s, to_timestamp($start + s * 300 + 3), 'agent.monitoring', 'default', 'gpu-node-' || lpad(h::VARCHAR, 3, '0'), 'agent.monitoring',
                  to_timestamp($start + s * 300 + 3 + (s % 5)),
                  json_object('event', json_object('ingested', strftime(to_timestamp($start + s * 300 + 3 + (s % 5)), '%Y-%m-%dT%H:%M:%SZ')),
                    'agent', json_object('monitoring', json_object('events', json_object('dropped', CASE WHEN h % 16 = 0 THEN s // 100 ELSE 0 END))))
                FROM range($hosts) t(h), range($steps) v(s) WHERE NOT (h = 5 AND s > $steps - 288);
                INSERT INTO logs (id, ts, dataset, namespace, host_name, service_name, log_level, message, doc)
                SELECT 'l-' || h || '-' || s, to_timestamp($start + s * 300 + 11), 'app', 'default', 'gpu-node-' || lpad(h::VARCHAR, 3, '0'), 'trainer',
                  CASE WHEN (h + s) % 23 = 0 THEN 'error' ELSE 'info' END,
                  CASE WHEN (h + s) % 23 = 0 THEN 'NCCL timeout on rank ' || (s % 8) ELSE 'step ' || s || ' done' END,
                  json_object('message', CASE WHEN (h + s) % 23 = 0 THEN 'NCCL timeout' ELSE 'step done' END)
                FROM range($hosts) t(h), range($steps) v(s) WHERE NOT (h = 5 AND s > $steps - 288);
                INSERT INTO traces (id, ts, dataset, namespace, span_name, duration_ns, doc)
                SELECT 'r-' || j || '-' || k, to_timestamp($start + j * 3000 + 600), 'training', 'default', 'train.rank.run', ((1800 + (j * 37) % 3600) * 1e9)::BIGINT,
                  json_object('training', json_object('job', json_object('id', 'job-' || j)), 'event', json_object('outcome', CASE WHEN j % 9 = 0 THEN 'failure' ELSE 'success' END))
                FROM range($steps // 10) a(j), range(8) b(k);
                INSERT INTO traces (id, ts, dataset, namespace, span_name, duration_ns, doc)
                SELECT 'q-' || j, to_timestamp($start + j * 3000), 'training', 'default', 'train.job.queue_wait', (((j * 53) % 900) * 1e9)::BIGINT,
                  json_object('training', json_object('job', json_object('id', 'job-' || j)))
                FROM range($steps // 10) a(j);
                INSERT INTO metrics (id, ts, dataset, namespace, event_dataset, job_id, doc)
                SELECT 't-' || j || '-' || s, to_timestamp($start + j * 3000 + 600 + s * 60), 'training', 'default', 'training', 'job-' || j,
                  json_object('training', json_object('samples_per_second', 1000 + (j % 50) * 10, 'step', s, 'step.duration_ms', CASE WHEN j % 40 = 0 AND s >= 10 THEN 180 ELSE 120 END))
                FROM range($steps // 10) a(j), range(20) b(s);
                CHECKPOINT;
                """);
            cmd.ExecuteNonQuery();
        }
        finally
        {
            store.WriteLock.Release();
        }
    }
}
