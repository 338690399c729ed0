using System.Diagnostics;
using DuckDB.NET.Data;
using Observability.Storage.DuckDb.Retention;

namespace Observability.Storage.DuckDb;

/// <summary>
/// The embedded store: one DuckDB database file under the data directory, opened once per process (DuckDB lets a
/// single process write a file). The writer uses <see cref="Connection"/> under <see cref="WriteLock"/>; readers in
/// the same process call <see cref="OpenReadConnection"/>, a second connection to the same database instance, so a
/// search never waits for a write and sees every committed batch.
/// </summary>
public sealed class DuckDbStore : IAsyncDisposable, IDisposable
{
    private readonly DuckDBConnection _connection;
    private int _disposed;

    private DuckDbStore(DuckDBConnection connection, string path)
    {
        _connection = connection;
        DatabasePath = path;
    }

    public string DatabasePath { get; }

    /// <summary>The rewrite <see cref="Open"/> did to give free space back, or null when it did none.</summary>
    public StoreCompaction? Compaction { get; private init; }

    /// <summary>The owning connection. Use it only while holding <see cref="WriteLock"/>: a DuckDB connection is not thread-safe.</summary>
    public DuckDBConnection Connection => _connection;

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    private readonly Dictionary<string, RecentEventIds?> _recentIds = new(StringComparer.Ordinal);

    /// <summary>
    /// The writer's duplicate check per table (see <see cref="RecentEventIds"/>), shared by every writer of this store;
    /// null for a table written by an older version, whose <c>PRIMARY KEY</c> on <c>id</c> still removes duplicates.
    /// Use it only while holding <see cref="WriteLock"/>.
    /// </summary>
    public RecentEventIds? RecentIdsOf(string table) => _recentIds.GetValueOrDefault(table);

    /// <summary>
    /// Opens (creating if needed) the database file and its tables. When another process holds the file (DuckDB lets
    /// one process write it, or several read it), this waits up to <see cref="DuckDbOptions.OpenWaitMs"/> for it to let
    /// go, telling <paramref name="onWait"/> once whom it waits for: a command such as <c>obs search</c> that found no
    /// running <c>obs up</c> opens the file read-only for as long as its query runs, and a restart must not fail on it.
    /// A running <c>obs up</c> (a live <c>obs-up.json</c>) is not waited for.
    /// </summary>
    /// <param name="compactFreeRatio">
    /// Above 0, the file is first rewritten without the space of dropped data when at least this share of it is free
    /// (see <see cref="DuckDbCompaction"/>); <see cref="Compaction"/> tells what it did.
    /// </param>
    public static DuckDbStore Open(DuckDbOptions options, Action<string>? onWait = null, double compactFreeRatio = 0)
    {
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.GetFullPath(options.DatabasePath);
        var connection = OpenConnection(path, options, onWait);
        StoreCompaction? compaction = null;
        if (compactFreeRatio > 0)
        {
            var started = Stopwatch.GetTimestamp();
            DuckDbStoreSize? before;
            try
            {
                before = DuckDbCompaction.CopyIfWorthwhile(connection, path, compactFreeRatio);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            if (before is not null)
            {
                connection.Dispose();
                var swapped = DuckDbCompaction.SwapIn(path);
                connection = OpenConnection(path, options, onWait);
                compaction = new StoreCompaction(before.FileBytes, DuckDbStoreSize.OnDisk(path), swapped, Stopwatch.GetElapsedTime(started));
            }
        }

        var store = new DuckDbStore(connection, path) { Compaction = compaction };
        try
        {
            if (options.Threads > 0)
            {
                store.Execute($"SET threads = {options.Threads}");
            }

            if (options.MemoryLimit is not null)
            {
                // Validated against ^[0-9.]+ *[KMGT]i?B$ above, so it cannot carry SQL.
                store.Execute($"SET memory_limit = '{options.MemoryLimit}'");
            }

            foreach (var table in DuckDbSchema.Tables)
            {
                store.Execute(DuckDbSchema.CreateTableSql(table));
                store.Migrate(table);
                store._recentIds[table] = RecentEventIdsLoader.Load(connection, table, options);
            }

            store.Execute(DeadLetterSchema.CreateTableSql);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    private static DuckDBConnection OpenConnection(string path, DuckDbOptions options, Action<string>? onWait)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(options.OpenWaitMs / 1000.0 * Stopwatch.Frequency);
        var delayMs = 50;
        var told = false;
        while (true)
        {
            var connection = new DuckDBConnection($"Data Source={path}");
            try
            {
                connection.Open();
                return connection;
            }
            catch (DuckDBException e) when (DuckDbFileLock.IsConflict(e))
            {
                connection.Dispose();
                if (Stopwatch.GetTimestamp() >= deadline || Core.Hosting.UpInstance.TryRead(options.DataDirectory) is not null)
                {
                    throw DuckDbFileLock.InUse(path, e);
                }

                if (!told)
                {
                    told = true;
                    onWait?.Invoke($"the store {path} is open in {DuckDbFileLock.DescribeHolder(e.Message)}; waiting up to {options.OpenWaitMs / 1000} s for it to close");
                }
            }

            Thread.Sleep(delayMs);
            delayMs = Math.Min(delayMs * 2, 500);
        }
    }

    /// <summary>A new connection to the same database for reading (or for a separate writer such as a test). Dispose it.</summary>
    public DuckDBConnection OpenReadConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // DuckDB.NET shares one database instance between connections to the same file in a process, so this is a
        // second connection to the open database (not a second open of the file, which DuckDB's lock would refuse).
        var c = new DuckDBConnection(_connection.ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>Runs a scalar query on a read connection (e.g. counts in tests and benchmarks).</summary>
    public T? QueryScalar<T>(string sql, params object?[] parameters)
    {
        using var c = OpenReadConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        }

        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds the promoted columns a file written by an older version lacks (see <see cref="DuckDbSchema.MigrationSql"/>), in one transaction.</summary>
    private void Migrate(string table)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $table";
            cmd.Parameters.Add(new DuckDBParameter("table", table));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(0));
            }
        }

        var statements = DuckDbSchema.MigrationSql(table, existing).ToList();
        if (statements.Count == 0)
        {
            return;
        }

        using var tx = _connection.BeginTransaction();
        foreach (var sql in statements)
        {
            Execute(sql);
        }

        tx.Commit();
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Wait for a write in progress so its transaction ends before the file closes.
            WriteLock.Wait(TimeSpan.FromSeconds(30));
            _connection.Dispose();
            WriteLock.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
