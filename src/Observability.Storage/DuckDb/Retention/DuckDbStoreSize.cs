namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// How much disk the store takes. <see cref="FileBytes"/> is what the file system sees (the database file and its
/// write-ahead log); <see cref="LiveBytes"/> leaves out the blocks DuckDB freed (dropped data), which new writes reuse
/// before the file grows again, so it is what <see cref="DuckDbRetentionOptions.MaxSize"/> is compared with.
/// </summary>
public sealed record DuckDbStoreSize(long FileBytes, long LiveBytes)
{
    public long FreeBytes => Math.Max(0, FileBytes - LiveBytes);

    /// <summary>The database file and its WAL as the file system reports them (no query: cheap enough for a status line).</summary>
    public static long OnDisk(string databasePath) => LengthOf(databasePath) + LengthOf(databasePath + ".wal");

    public static DuckDbStoreSize Measure(DuckDbStore store)
    {
        using var c = store.OpenReadConnection();
        return Measure(c, store.DatabasePath);
    }

    /// <summary>The size of the database at <paramref name="path"/>, open on <paramref name="connection"/>.</summary>
    public static DuckDbStoreSize Measure(DuckDB.NET.Data.DuckDBConnection connection, string path)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT used_blocks * block_size FROM pragma_database_size() WHERE database_name = current_database()";
        var used = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var wal = LengthOf(path + ".wal");
        return new DuckDbStoreSize(LengthOf(path) + wal, used + wal);
    }

    private static long LengthOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
