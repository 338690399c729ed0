using DuckDB.NET.Data;

namespace Observability.Storage.DuckDb;

/// <summary>
/// Fills a table's <see cref="RecentEventIds"/> when the store opens, from the rows stored within the window of the
/// newest one (by <c>ingested</c>, the column every write sets), so that what was stored just before a crash or a stop
/// is still recognised when it is delivered again after the restart.
/// </summary>
internal static class RecentEventIdsLoader
{
    /// <summary>Null for a table that has a primary key (written by an older version: the key removes duplicates there).</summary>
    public static RecentEventIds? Load(DuckDBConnection connection, string table, DuckDbOptions options)
    {
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'main' AND table_name = $table AND constraint_type = 'PRIMARY KEY'";
            check.Parameters.Add(new DuckDBParameter("table", table));
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return null;
            }
        }

        var ids = new RecentEventIds(TimeSpan.FromSeconds(options.DedupWindowSeconds), options.DedupMaxIds);
        using var cmd = connection.CreateCommand();
        // Table name from DuckDbSchema's fixed list. Newest first up to the capacity, then added oldest first.
        cmd.CommandText =
            $"SELECT {DuckDbSchema.IdColumn}, {DuckDbSchema.Ingested.Column} FROM (" +
            $"SELECT {DuckDbSchema.IdColumn}, {DuckDbSchema.Ingested.Column} FROM {table} " +
            $"WHERE {DuckDbSchema.Ingested.Column} >= (SELECT max({DuckDbSchema.Ingested.Column}) FROM {table}) - to_seconds($window) " +
            $"ORDER BY {DuckDbSchema.Ingested.Column} DESC LIMIT $max) ORDER BY {DuckDbSchema.Ingested.Column}";
        cmd.Parameters.Add(new DuckDBParameter("window", (double)options.DedupWindowSeconds));
        cmd.Parameters.Add(new DuckDBParameter("max", (long)options.DedupMaxIds));
        using var reader = cmd.ExecuteReader();
        var keys = new List<UInt128>();
        DateTimeOffset? at = null;
        while (reader.Read())
        {
            var ingested = reader.GetFieldValue<DateTimeOffset>(1);
            if (at is { } current && ingested != current)
            {
                ids.Add(current, [.. keys]);
                keys.Clear();
            }

            at = ingested;
            keys.Add(RecentEventIds.KeyOf(reader.GetString(0)));
        }

        if (at is { } last)
        {
            ids.Add(last, [.. keys]);
        }

        return ids;
    }
}
