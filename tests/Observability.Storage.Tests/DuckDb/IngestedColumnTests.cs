using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Storage.DuckDb;
using Observability.Testing;

namespace Observability.Storage.Tests.DuckDb;

/// <summary>
/// <c>event.ingested</c> is a promoted column (<c>ingested</c>) of every table; a store written by the version before it
/// existed is migrated on open: the column is added and filled from the stored JSON, and new writes still land.
/// </summary>
public sealed class IngestedColumnTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("ingested");

    private DuckDbOptions Options => new() { DataDirectory = _dir.Path, Threads = 2 };

    private static EcsDocument Doc(int n, string type, object? ingested)
    {
        var doc = new EcsDocument { Id = EventIds.From("ingested-column", n), Timestamp = T0.AddSeconds(n), Message = $"line {n}" };
        doc.Set(EcsFields.DataStreamType, type);
        doc.Set(EcsFields.HostName, "node-1");
        doc.Set(EcsFields.EventIngested, ingested);
        return doc;
    }

    private static long? IngestedMs(DuckDbStore store, string table, int n) => IngestedMs(store, table, EventIds.From("ingested-column", n));

    private static long? IngestedMs(DuckDbStore store, string table, string id)
    {
        // -1 stands for NULL (QueryScalar converts to non-nullable types only).
        var ms = store.QueryScalar<long>($"SELECT coalesce(epoch_ms(ingested), -1) FROM {table} WHERE id = ?", id);
        return ms == -1 ? null : ms;
    }

    [Fact]
    public async Task The_writer_fills_the_column_from_a_date_or_an_iso_string_leaves_it_empty_when_absent_and_refuses_a_non_date()
    {
        using var store = DuckDbStore.Open(Options);
        var writer = new DuckDbWriter(store, TimeProvider.System);

        var result = await writer.WriteAsync(
            [Doc(1, "logs", T0.AddSeconds(3)), Doc(2, "metrics", "2026-11-26T10:00:05.250Z"), Doc(3, "traces", null), Doc(4, "logs", "yesterday")],
            CancellationToken.None);

        Assert.Equal(3, result.Written);
        var rejected = Assert.Single(result.Rejected);
        Assert.Contains("event.ingested is not a date", rejected.Reason);
        Assert.Equal(T0.AddSeconds(3).ToUnixTimeMilliseconds(), IngestedMs(store, "logs", 1));
        Assert.Equal(T0.AddSeconds(5.25).ToUnixTimeMilliseconds(), IngestedMs(store, "metrics", 2));
        Assert.Null(IngestedMs(store, "traces", 3));
    }

    [Fact]
    public async Task A_store_from_before_the_column_is_migrated_on_open_filled_from_its_json_and_written_to_by_column_name()
    {
        // The layout of the previous version: no ingested column; one old row has event.ingested in its JSON, one has none.
        Directory.CreateDirectory(_dir.Path);
        using (var old = new DuckDBConnection($"Data Source={Options.DatabasePath}"))
        {
            old.Open();
            using var cmd = old.CreateCommand();
            cmd.CommandText =
                """
                CREATE TABLE logs (id VARCHAR PRIMARY KEY, ts TIMESTAMPTZ NOT NULL, dataset VARCHAR, namespace VARCHAR, host_name VARCHAR, service_name VARCHAR, log_level VARCHAR, message VARCHAR, trace_id VARCHAR, log_file_path VARCHAR, doc JSON NOT NULL);
                CREATE TABLE metrics (id VARCHAR PRIMARY KEY, ts TIMESTAMPTZ NOT NULL, dataset VARCHAR, namespace VARCHAR, host_name VARCHAR, service_name VARCHAR, event_dataset VARCHAR, gpu_uuid VARCHAR, job_id VARCHAR, doc JSON NOT NULL);
                CREATE TABLE traces (id VARCHAR PRIMARY KEY, ts TIMESTAMPTZ NOT NULL, dataset VARCHAR, namespace VARCHAR, host_name VARCHAR, service_name VARCHAR, trace_id VARCHAR, span_id VARCHAR, parent_id VARCHAR, span_name VARCHAR, duration_ns BIGINT, doc JSON NOT NULL);
                INSERT INTO logs (id, ts, host_name, message, doc) VALUES
                  ('old-1', TIMESTAMPTZ '2026-11-25 10:00:00+00', 'node-1', 'old', '{"message":"old","event":{"ingested":"2026-11-25T10:00:02.5Z"}}'),
                  ('old-2', TIMESTAMPTZ '2026-11-25 10:00:01+00', 'node-1', 'older', '{"message":"older"}');
                """;
            cmd.ExecuteNonQuery();
        }

        using (var store = DuckDbStore.Open(Options))
        {
            foreach (var table in DuckDbSchema.Tables)
            {
                Assert.Equal(1, store.QueryScalar<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = 'ingested'", table));
            }

            Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 2, 500, TimeSpan.Zero).ToUnixTimeMilliseconds(),
                IngestedMs(store, "logs", "old-1"));
            Assert.Null(IngestedMs(store, "logs", "old-2"));

            // New rows: the migrated table has ingested after doc, so a positional insert would put the JSON in a timestamp.
            var result = await new DuckDbWriter(store, TimeProvider.System).WriteAsync([Doc(1, "logs", T0.AddSeconds(9)), Doc(2, "metrics", T0)], CancellationToken.None);
            Assert.Equal(2, result.Written);
            Assert.Equal(T0.AddSeconds(9).ToUnixTimeMilliseconds(), IngestedMs(store, "logs", 1));
            Assert.Equal("line 1", store.QueryScalar<string>("SELECT json_extract_string(doc, '$.message') FROM logs WHERE id = ?", EventIds.From("ingested-column", 1)));
        }

        // Opening again finds nothing to migrate and keeps every row.
        using (var again = DuckDbStore.Open(Options))
        {
            Assert.Equal(3, again.QueryScalar<long>("SELECT count(*) FROM logs"));
        }
    }

    public void Dispose() => _dir.Dispose();
}
