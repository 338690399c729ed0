using System.Globalization;
using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Storage;

namespace Observability.Storage.DuckDb;

/// <summary>
/// Writes batches into the embedded store: a document whose id the table stored recently is skipped (a duplicate, see
/// <see cref="RecentEventIds"/>), the rest of each table go through DuckDB's appender into a staging temp table, and
/// one transaction moves them with <c>INSERT … SELECT</c>, so the batch is all-or-nothing. Each document goes to the table of
/// its <c>data_stream.type</c>. Documents the tables cannot hold (no id, a promoted field of the wrong type) are
/// returned as rejected; any store error throws, so the caller retries the whole batch and acknowledges nothing.
/// </summary>
public sealed class DuckDbWriter : IDocumentWriter
{
    private readonly DuckDbStore _store;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _stagingCreated = new(StringComparer.Ordinal);

    public DuckDbWriter(DuckDbStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<WriteResult> WriteAsync(IReadOnlyList<EcsDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return WriteResult.Empty;
        }

        var rejected = new List<RejectedDocument>();
        var byTable = new Dictionary<string, List<StagedRow>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(documents.Count, StringComparer.Ordinal);
        var inBatchDuplicates = 0;
        foreach (var doc in documents)
        {
            var table = DuckDbSchema.TableFor(doc.GetString(EcsFields.DataStreamType) ?? DataStream.Logs);
            var row = StagedRow.TryCreate(doc, table, _time, out var reason);
            if (row is null)
            {
                rejected.Add(new RejectedDocument(doc, reason!));
                continue;
            }

            if (!seen.Add(row.Id))
            {
                inBatchDuplicates++;
                continue;
            }

            if (!byTable.TryGetValue(table, out var rows))
            {
                byTable[table] = rows = [];
            }

            rows.Add(row);
        }

        await _store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            var recentDuplicates = RemoveRecentlyStored(byTable, out var keys);
            var written = Write(byTable);
            // Only a committed write is remembered: a failed one is retried with the same documents.
            var at = _time.GetUtcNow();
            foreach (var (table, tableKeys) in keys)
            {
                _store.RecentIdsOf(table)!.Add(at, tableKeys);
            }

            var staged = byTable.Values.Sum(r => r.Count);
            return new WriteResult(written, staged - written + inBatchDuplicates + recentDuplicates, rejected);
        }
        finally
        {
            _store.WriteLock.Release();
        }
    }

    /// <summary>
    /// Drops the rows whose id the table stored recently (see <see cref="RecentEventIds"/>) and returns how many;
    /// <paramref name="keys"/> gets the keys of the rows left, per table that has the check.
    /// </summary>
    private int RemoveRecentlyStored(Dictionary<string, List<StagedRow>> byTable, out List<(string Table, UInt128[] Keys)> keys)
    {
        keys = [];
        var removed = 0;
        foreach (var (table, rows) in byTable)
        {
            if (_store.RecentIdsOf(table) is not { } recent)
            {
                continue;
            }

            var kept = new UInt128[rows.Count];
            var n = 0;
            removed += rows.RemoveAll(r =>
            {
                var key = RecentEventIds.KeyOf(r.Id);
                if (recent.Contains(key))
                {
                    return true;
                }

                kept[n++] = key;
                return false;
            });
            keys.Add((table, kept[..n]));
        }

        return removed;
    }

    private int Write(Dictionary<string, List<StagedRow>> byTable)
    {
        var connection = _store.Connection;
        foreach (var (table, rows) in byTable)
        {
            var staging = EnsureStaging(table);
            Execute(connection, $"DELETE FROM {staging}");
            using var appender = connection.CreateAppender("temp", "main", staging);
            var columns = DuckDbSchema.PromotedColumns[table].Values.ToArray();
            foreach (var r in rows)
            {
                var appenderRow = appender.CreateRow().AppendValue(r.Id);
                for (var i = 0; i < columns.Length; i++)
                {
                    appenderRow = Append(appenderRow, r.Values[i]);
                }

                appenderRow.AppendValue(r.Json).EndRow();
            }
        }

        var written = 0;
        using var tx = connection.BeginTransaction();
        foreach (var table in byTable.Keys)
        {
            // Columns by name: a table migrated from an older version has its newer columns at the end. A table of an
            // older version has a primary key on id, which ignores what RecentEventIds does not check there.
            var columns = string.Join(", ", DuckDbSchema.ColumnNames(table));
            var orIgnore = _store.RecentIdsOf(table) is null ? "OR IGNORE " : string.Empty;
            written += Execute(connection, $"INSERT {orIgnore}INTO {table} ({columns}) SELECT {columns} FROM {StagingName(table)}");
        }

        tx.Commit();
        return written;
    }

    private static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, object? value) => value switch
    {
        null => row.AppendNullValue(),
        string s => row.AppendValue(s),
        long l => row.AppendValue(l),
        DateTimeOffset t => row.AppendValue(t),
        _ => row.AppendValue(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private string EnsureStaging(string table)
    {
        var staging = StagingName(table);
        if (_stagingCreated.Add(table))
        {
            // Same columns as the table but no key and doc as VARCHAR (the appender writes text; the INSERT casts to JSON).
            var columns = DuckDbSchema.PromotedColumns[table].Values.Select(c => $"{c.Column} {c.SqlType}");
            Execute(_store.Connection,
                $"CREATE TEMP TABLE IF NOT EXISTS {staging} ({DuckDbSchema.IdColumn} VARCHAR, {string.Join(", ", columns)}, {DuckDbSchema.DocColumn} VARCHAR)");
        }

        return staging;
    }

    // Table names come from DuckDbSchema's fixed list, never from input.
    private static string StagingName(string table) => "staging_" + table;

    private static int Execute(DuckDBConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
