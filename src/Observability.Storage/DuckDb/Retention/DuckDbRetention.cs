using System.Globalization;
using DuckDB.NET.Data;

namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// One retention pass over the embedded store, oldest data first by event time (<c>@timestamp</c>, the <c>ts</c>
/// column): everything older than <see cref="DuckDbRetentionOptions.MaxAge"/>, then, when the data exceeds
/// <see cref="DuckDbRetentionOptions.MaxSize"/>, the oldest whole hours until it is under 90% of it (never the newest
/// hour). Finding what to drop reads on a connection of its own; each <c>DELETE</c> removes at most
/// <see cref="DuckDbRetentionOptions.DeleteBatchRows"/> rows under the store's write lock, so the indexer waits for
/// one such delete at most. A <c>CHECKPOINT</c> then frees the blocks of the dropped rows: new writes reuse them
/// before the file grows, and free blocks at the end of the file are given back to the file system at once (the rest
/// at the next start, see <see cref="DuckDbCompaction"/>).
/// </summary>
public sealed class DuckDbRetention
{
    /// <summary>The share of <see cref="DuckDbRetentionOptions.MaxSize"/> the size policy drops down to, so that not every pass drops a sliver.</summary>
    public const double SizeTarget = 0.9;

    private const long HourSeconds = 3600;
    private readonly DuckDbStore _store;
    private readonly DuckDbRetentionOptions _options;
    private readonly TimeProvider _time;
    private double? _bytesPerRow;
    private bool _droppedSinceMeasured;

    public DuckDbRetention(DuckDbStore store, DuckDbRetentionOptions options, TimeProvider time)
    {
        options.Validate();
        _store = store;
        _options = options;
        _time = time;
    }

    public async Task<RetentionPass> RunAsync(CancellationToken cancellationToken)
    {
        var before = DuckDbStoreSize.Measure(_store);
        var dropped = DuckDbSchema.Tables.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        DateTimeOffset? cutoff = null;
        var checkpointed = true;
        if (_options.MaxAgeSpan is { } maxAge)
        {
            cutoff = _time.GetUtcNow() - maxAge;
            await DropOlderThanAsync(cutoff.Value, dropped, cancellationToken);
        }

        if (_options.MaxSizeBytes is { } maxSize && SizeCutoff(maxSize) is { } sizeCutoff)
        {
            cutoff = cutoff is { } c && c > sizeCutoff ? c : sizeCutoff;
            await DropOlderThanAsync(sizeCutoff, dropped, cancellationToken);
        }

        if (dropped.Values.Sum() > 0)
        {
            checkpointed = await CheckpointAsync(cancellationToken);
        }

        _droppedSinceMeasured = dropped.Values.Sum() > 0;
        return new RetentionPass(dropped, dropped.Values.Sum() > 0 ? cutoff : null, before, DuckDbStoreSize.Measure(_store), checkpointed);
    }

    /// <summary>
    /// The end of the oldest run of whole hours (over every table) whose rows, at the store's bytes per row, bring the
    /// data down to <see cref="SizeTarget"/> of <paramref name="maxSize"/>; null when under it or only the newest hour
    /// holds data. The size is rows × bytes per row, not the blocks DuckDB holds: a row group (122,880 rows) keeps its
    /// blocks until all of its rows are deleted or a checkpoint merges it, so right after a drop the blocks overstate
    /// the data, and measuring them then would drop far too much: bytes per row are measured again only after a pass
    /// that dropped nothing (a partly deleted row group still overstates them, by at most its own size).
    /// </summary>
    private DateTimeOffset? SizeCutoff(long maxSize)
    {
        var rowsPerHour = new SortedDictionary<long, long>();
        using (var c = _store.OpenReadConnection())
        {
            foreach (var table in DuckDbSchema.Tables)
            {
                using var cmd = c.CreateCommand();
                // Table names come from DuckDbSchema's fixed list. epoch() is UTC whatever the session's time zone.
                cmd.CommandText = $"SELECT CAST(floor(epoch({DuckDbSchema.TimestampColumn}) / {HourSeconds}) AS BIGINT) AS h, count(*) FROM {table} GROUP BY h";
                using var reader = cmd.ExecuteReader();
                while (reader.Read())
                {
                    var hour = reader.GetInt64(0);
                    rowsPerHour[hour] = rowsPerHour.GetValueOrDefault(hour) + reader.GetInt64(1);
                }
            }
        }

        var totalRows = rowsPerHour.Values.Sum();
        if (totalRows == 0)
        {
            return null;
        }

        if (_bytesPerRow is null || !_droppedSinceMeasured)
        {
            _bytesPerRow = (double)DuckDbStoreSize.Measure(_store).LiveBytes / totalRows;
            _droppedSinceMeasured = false;
        }

        var bytesPerRow = _bytesPerRow.Value;
        var live = totalRows * bytesPerRow;
        if (live <= maxSize)
        {
            return null;
        }

        var toDrop = live - maxSize * SizeTarget;
        var newest = rowsPerHour.Keys.Max(); // never dropped, so the newest data is always there
        double droppedBytes = 0;
        long? lastHour = null;
        foreach (var (hour, rows) in rowsPerHour)
        {
            if (hour == newest || droppedBytes >= toDrop)
            {
                break;
            }

            droppedBytes += rows * bytesPerRow;
            lastHour = hour;
        }

        return lastHour is { } h ? DateTimeOffset.FromUnixTimeSeconds((h + 1) * HourSeconds) : null;
    }

    /// <summary>Deletes every row of every table with <c>ts</c> before <paramref name="cutoff"/>, oldest first, in bounded deletes.</summary>
    private async Task DropOlderThanAsync(DateTimeOffset cutoff, Dictionary<string, long> dropped, CancellationToken cancellationToken)
    {
        foreach (var table in DuckDbSchema.Tables)
        {
            while (BatchEnd(table, cutoff) is { } batchEnd)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int deleted;
                await _store.WriteLock.WaitAsync(cancellationToken);
                try
                {
                    using var cmd = _store.Connection.CreateCommand();
                    cmd.CommandText = $"DELETE FROM {table} WHERE {DuckDbSchema.TimestampColumn} <= $1 AND {DuckDbSchema.TimestampColumn} < $2";
                    cmd.Parameters.Add(new DuckDBParameter(batchEnd));
                    cmd.Parameters.Add(new DuckDBParameter(cutoff));
                    deleted = cmd.ExecuteNonQuery();
                }
                finally
                {
                    _store.WriteLock.Release();
                }

                dropped[table] += deleted;
                if (deleted == 0)
                {
                    break; // what the read saw is gone already
                }
            }
        }
    }

    /// <summary>The <c>ts</c> of the last of the oldest <see cref="DuckDbRetentionOptions.DeleteBatchRows"/> rows before the cutoff; null when none is left.</summary>
    private DateTimeOffset? BatchEnd(string table, DateTimeOffset cutoff)
    {
        using var c = _store.OpenReadConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText =
            $"SELECT max({DuckDbSchema.TimestampColumn}) FROM (SELECT {DuckDbSchema.TimestampColumn} FROM {table} " +
            $"WHERE {DuckDbSchema.TimestampColumn} < $1 ORDER BY {DuckDbSchema.TimestampColumn} LIMIT $2)";
        cmd.Parameters.Add(new DuckDBParameter(cutoff));
        cmd.Parameters.Add(new DuckDBParameter((long)_options.DeleteBatchRows));
        return cmd.ExecuteScalar() switch
        {
            null or DBNull => null,
            DateTimeOffset t => t,
            DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
            var other => DateTimeOffset.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Folds the deletes into the file so their blocks are freed. DuckDB refuses a checkpoint while another
    /// transaction writes; then the next pass, or DuckDB's own checkpoint when the WAL reaches 16 MB, does it.
    /// </summary>
    private async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        await _store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            using var cmd = _store.Connection.CreateCommand();
            cmd.CommandText = "CHECKPOINT";
            cmd.ExecuteNonQuery();
            return true;
        }
        catch (DuckDBException)
        {
            return false;
        }
        finally
        {
            _store.WriteLock.Release();
        }
    }
}
