using System.Globalization;
using DuckDB.NET.Data;
using Observability.Storage.DuckDb;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// Generates the search benchmark's store: N log documents over seven days, in the real <c>logs</c> table
/// (<see cref="DuckDbSchema"/>, primary key included), inside DuckDB with <c>range()</c> and <c>hash()</c>
/// so that 10 million rows take minutes instead of an hour through the writer. Deterministic: the
/// same seed and count give the same rows. Rows are inserted in timestamp order (DuckDB preserves insertion
/// order of range()), as an append-only log
/// store receives them, so DuckDB's per-row-group min/max (zone maps) on <c>ts</c> prune time ranges.
/// </summary>
internal static class SearchBenchData
{
    public const long Seed = 20261126;
    public const int Version = 1;
    public static readonly DateTimeOffset Start = new(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Span = TimeSpan.FromDays(7);

    public static void Generate(DuckDBConnection c, long docs)
    {
        var stepMicros = Span.Ticks / 10 / docs;
        Execute(c, "SET TimeZone = 'UTC'");
        Execute(c, DuckDbSchema.CreateTableSql(DuckDbSchema.LogsTable));
        var sql = $"""
            INSERT INTO logs (id, ts, dataset, namespace, host_name, service_name, log_level, message, trace_id, log_file_path, doc)
            WITH base AS (
              SELECT i,
                hash(i, {Seed}) AS h1, hash(i, {Seed + 1}) AS h2, hash(i, {Seed + 2}) AS h3,
                TIMESTAMPTZ '{Start:yyyy-MM-dd HH:mm:ss}+00' + to_microseconds(i * {stepMicros}) AS ts
              FROM range({docs}) t(i)
            ), f AS (
              SELECT i, ts, h1, h2, h3,
                substr(md5(i::VARCHAR || '-{Seed}'), 1, 32) AS id,
                'gpu-node-' || lpad(((h1 % 64))::VARCHAR, 3, '0') AS host,
                ['trainer','scheduler','api','worker','indexer','agent','collector','storage'][1 + (h2 % 8)::INTEGER] AS service,
                CASE WHEN h3 % 1000 < 700 THEN 'info' WHEN h3 % 1000 < 850 THEN 'debug' WHEN h3 % 1000 < 950 THEN 'warn' WHEN h3 % 1000 < 995 THEN 'error' ELSE 'fatal' END AS level,
                (h1 // 64) % 16 AS template,
                (h2 // 8) % 100000 AS n,
                CASE WHEN (h3 // 1000) % 10 < 3 THEN substr(md5((i // 50)::VARCHAR), 1, 32) END AS trace
              FROM base
            ), m AS (
              SELECT *,
                CASE template
                  WHEN 0 THEN 'step ' || n || ' loss ' || (n % 1000) / 1000.0 || ' lr 0.0003'
                  WHEN 1 THEN 'step ' || n || ' finished in ' || (n % 900 + 100) || ' ms'
                  WHEN 2 THEN 'connection refused from 10.0.' || (n % 256) || '.' || (n % 199) || ':' || (8000 + n % 100)
                  WHEN 3 THEN 'GPU ' || (n % 8) || ' temperature ' || (40 + n % 55) || 'C utilization ' || (n % 100) || '%'
                  WHEN 4 THEN 'NCCL timeout on rank ' || (n % 64) || ' after 1800 s, aborting communicator'
                  WHEN 5 THEN 'checkpoint saved to /ckpt/job-' || (n % 500) || '/epoch-' || (n % 90) || '.pt'
                  WHEN 6 THEN 'OOM: killed process ' || (1000 + n % 30000) || ' (python) total-vm ' || (n % 64) || 'GB'
                  WHEN 7 THEN 'GET /api/v1/jobs/' || (n % 500) || ' ' || [200, 200, 200, 201, 404, 500, 503][1 + (n % 7)::INTEGER] || ' ' || (n % 300) || 'ms'
                  WHEN 8 THEN 'heartbeat from worker-' || (n % 256) || ' ok'
                  WHEN 9 THEN 'scheduled job job-' || (n % 500) || ' on ' || (1 + n % 8) || ' nodes, priority ' || (n % 5)
                  WHEN 10 THEN 'disk usage ' || (50 + n % 50) || '% on /data'
                  WHEN 11 THEN 'retrying request to storage-' || (n % 4) || ' (attempt ' || (1 + n % 5) || ')'
                  WHEN 12 THEN 'ECC error corrected on GPU ' || (n % 8) || ', count ' || (n % 20)
                  WHEN 13 THEN 'user alice submitted job-' || (n % 500)
                  WHEN 14 THEN 'epoch ' || (n % 90) || ' validation accuracy ' || (n % 1000) / 1000.0
                  ELSE 'kernel: nvidia-peermem link down on mlx5_' || (n % 4)
                END AS message,
                CASE WHEN template = 7 THEN [200, 200, 200, 201, 404, 500, 503][1 + (n % 7)::INTEGER] END AS status,
                CASE WHEN template = 3 THEN 40 + n % 55 END AS temperature
              FROM f
            )
            SELECT id, ts, 'app', 'default', host, service, level, message, trace,
              '/var/log/' || service || '.log',
              json_object(
                '@timestamp', strftime(ts, '%Y-%m-%dT%H:%M:%S.%fZ'),
                'message', message,
                'log', json_object('level', level, 'file', json_object('path', '/var/log/' || service || '.log')),
                'host', json_object('name', host),
                'service', json_object('name', service),
                'event', json_object('id', id, 'dataset', 'app'),
                'data_stream', json_object('type', 'logs', 'dataset', 'app', 'namespace', 'default'),
                'trace', CASE WHEN trace IS NOT NULL THEN json_object('id', trace) END,
                'http', CASE WHEN status IS NOT NULL THEN json_object('response', json_object('status_code', status)) END,
                'gpu', CASE WHEN temperature IS NOT NULL THEN json_object('temperature', temperature) END,
                'tags', CASE WHEN (h3 // 10000) % 20 = 0 THEN ['canary', 'gpu'] ELSE ['prod'] END)
            FROM m
            """;
        Execute(c, sql);
        Execute(c, "CHECKPOINT");
    }

    public static string Describe(long docs) => string.Create(CultureInfo.InvariantCulture, $"v{Version} seed={Seed} docs={docs}");

    private static void Execute(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }
}
