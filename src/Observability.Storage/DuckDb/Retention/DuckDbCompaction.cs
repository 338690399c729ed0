using DuckDB.NET.Data;

namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// Gives the space of dropped data back to the file system: DuckDB reuses the blocks freed by deletes for new data and
/// truncates free blocks at the end of the file, but cannot move live blocks to close the holes in front of them. When
/// at least <see cref="DuckDbRetentionOptions.CompactAtStartFreeRatio"/> of the file is free, the store is copied
/// (<c>COPY FROM DATABASE</c>, live rows only) into <c>obs.duckdb.compact</c>, which then replaces the file by an atomic
/// rename. <see cref="DuckDbStore.Open"/> does it before anything is written (at <c>obs up</c>'s start): the copy needs
/// the writer to stop, and at start-up the agent simply waits, reading on from its checkpoints afterwards. A crash
/// during the copy leaves the original untouched; the half-written copy is removed next time.
/// </summary>
public static class DuckDbCompaction
{
    /// <summary>Below this the holes are not worth a copy of the whole file.</summary>
    public const long MinFreeBytes = 8 << 20;

    /// <summary>
    /// Copies the live data of the database open on <paramref name="connection"/> into <see cref="CopyPath"/> when at
    /// least <paramref name="freeRatio"/> of its file is free; returns the size before, or null when it did not.
    /// The caller closes the connection and then calls <see cref="SwapIn"/>.
    /// </summary>
    public static DuckDbStoreSize? CopyIfWorthwhile(DuckDBConnection connection, string path, double freeRatio, long minFreeBytes = MinFreeBytes)
    {
        var copyPath = CopyPath(path);
        DeleteIfExists(copyPath);
        DeleteIfExists(copyPath + ".wal");
        if (freeRatio <= 0)
        {
            return null;
        }

        Execute(connection, "CHECKPOINT"); // folds the WAL in, so the free blocks are counted and the WAL is empty
        var before = DuckDbStoreSize.Measure(connection, path);
        if (before.FreeBytes < minFreeBytes || before.FreeBytes < before.FileBytes * freeRatio)
        {
            return null;
        }

        using var name = connection.CreateCommand();
        name.CommandText = "SELECT current_database()";
        var database = (string)name.ExecuteScalar()!;
        // ATTACH and COPY FROM DATABASE take no parameters: the path is this store's own (quotes doubled) and the
        // database name is DuckDB's, quoted as an identifier.
        Execute(connection, $"ATTACH '{copyPath.Replace("'", "''", StringComparison.Ordinal)}' AS obs_compact");
        Execute(connection, $"COPY FROM DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\" TO obs_compact");
        Execute(connection, "DETACH obs_compact");
        return before;
    }

    /// <summary>
    /// Replaces the closed database file by its copy; false (the copy removed, the original kept) when either still has
    /// a WAL, which DuckDB would replay into the wrong file.
    /// </summary>
    public static bool SwapIn(string path)
    {
        var copyPath = CopyPath(path);
        if (!File.Exists(copyPath) || File.Exists(path + ".wal") || File.Exists(copyPath + ".wal"))
        {
            DeleteIfExists(copyPath);
            DeleteIfExists(copyPath + ".wal");
            return false;
        }

        File.Move(copyPath, path, overwrite: true);
        return true;
    }

    public static string CopyPath(string path) => path + ".compact";

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
