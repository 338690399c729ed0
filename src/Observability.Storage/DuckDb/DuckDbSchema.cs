namespace Observability.Storage.DuckDb;

/// <summary>
/// The embedded store's tables. Each data stream type has one table; every document keeps its full ECS
/// source in <c>doc</c> (JSON), and the fields most queries filter, sort or group on are promoted to typed
/// columns. <see cref="PromotedColumns"/> is the single mapping from ECS field to column that the writer
/// and the KQL translator share; any other field is read with <c>json_extract</c> from <c>doc</c>.
/// </summary>
public static class DuckDbSchema
{
    public const string LogsTable = "logs";
    public const string MetricsTable = "metrics";
    public const string TracesTable = "traces";

    public const string IdColumn = "id";
    public const string TimestampColumn = "ts";
    public const string DocColumn = "doc";

    /// <summary>
    /// <c>event.ingested</c> (when the indexer stored the document), promoted in every table for the agent-lag figures.
    /// Added after the first release: <see cref="MigrationSql"/> adds it to older files.
    /// </summary>
    public static readonly PromotedColumn Ingested = new("event.ingested", "ingested", "TIMESTAMPTZ");

    /// <summary>ECS field → promoted column, per table. Values of promoted fields are also kept in <c>doc</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, PromotedColumn>> PromotedColumns { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, PromotedColumn>>(StringComparer.Ordinal)
        {
            [LogsTable] = Columns(
                new("@timestamp", TimestampColumn, "TIMESTAMPTZ"),
                new("data_stream.dataset", "dataset", "VARCHAR"),
                new("data_stream.namespace", "namespace", "VARCHAR"),
                new("host.name", "host_name", "VARCHAR"),
                new("service.name", "service_name", "VARCHAR"),
                new("log.level", "log_level", "VARCHAR"),
                new("message", "message", "VARCHAR"),
                new("trace.id", "trace_id", "VARCHAR"),
                new("log.file.path", "log_file_path", "VARCHAR"),
                Ingested),
            [MetricsTable] = Columns(
                new("@timestamp", TimestampColumn, "TIMESTAMPTZ"),
                new("data_stream.dataset", "dataset", "VARCHAR"),
                new("data_stream.namespace", "namespace", "VARCHAR"),
                new("host.name", "host_name", "VARCHAR"),
                new("service.name", "service_name", "VARCHAR"),
                new("event.dataset", "event_dataset", "VARCHAR"),
                new("gpu.uuid", "gpu_uuid", "VARCHAR"),
                new("training.job.id", "job_id", "VARCHAR"),
                Ingested),
            [TracesTable] = Columns(
                new("@timestamp", TimestampColumn, "TIMESTAMPTZ"),
                new("data_stream.dataset", "dataset", "VARCHAR"),
                new("data_stream.namespace", "namespace", "VARCHAR"),
                new("host.name", "host_name", "VARCHAR"),
                new("service.name", "service_name", "VARCHAR"),
                new("trace.id", "trace_id", "VARCHAR"),
                new("span.id", "span_id", "VARCHAR"),
                new("parent.id", "parent_id", "VARCHAR"),
                new("span.name", "span_name", "VARCHAR"),
                new("event.duration", "duration_ns", "BIGINT"),
                Ingested),
        };

    /// <summary>The table a data stream type (<c>logs</c>, <c>metrics</c>, <c>traces</c>) is stored in.</summary>
    public static string TableFor(string dataStreamType) => dataStreamType switch
    {
        "metrics" => MetricsTable,
        "traces" => TracesTable,
        _ => LogsTable,
    };

    /// <summary>
    /// DDL for one table: <c>id</c> (the deterministic event id), the promoted columns, and <c>doc</c> with the full
    /// source. No key or index: the writer removes duplicates with <see cref="RecentEventIds"/>, and searches are bounded
    /// by <c>ts</c>, whose zone maps prune row groups. (Files of older versions keep their <c>PRIMARY KEY</c> on <c>id</c>.)
    /// </summary>
    public static string CreateTableSql(string table)
    {
        var columns = PromotedColumns[table].Values.Select(c =>
            $"{c.Column} {c.SqlType}{(c.Column == TimestampColumn ? " NOT NULL" : string.Empty)}");
        return $"CREATE TABLE IF NOT EXISTS {table} ({IdColumn} VARCHAR NOT NULL, {string.Join(", ", columns)}, {DocColumn} JSON NOT NULL)";
    }

    /// <summary>
    /// Statements that bring a table created by an older version up to <see cref="PromotedColumns"/>: each promoted
    /// column missing from <paramref name="existingColumns"/> is added (at the end, so writers name their columns) and
    /// filled from the <c>doc</c> JSON of the rows already stored, so queries on the column see old documents too.
    /// </summary>
    public static IEnumerable<string> MigrationSql(string table, IReadOnlySet<string> existingColumns)
    {
        foreach (var c in PromotedColumns[table].Values.Where(c => !existingColumns.Contains(c.Column)))
        {
            yield return $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {c.Column} {c.SqlType}";
            yield return $"UPDATE {table} SET {c.Column} = TRY_CAST(json_extract_string({DocColumn}, '{JsonPath(c.Field)}') AS {c.SqlType}) " +
                         $"WHERE json_extract_string({DocColumn}, '{JsonPath(c.Field)}') IS NOT NULL";
        }
    }

    /// <summary>The column names in table order as <see cref="CreateTableSql"/> writes them (id, promoted, doc).</summary>
    public static IReadOnlyList<string> ColumnNames(string table) =>
        [IdColumn, .. PromotedColumns[table].Values.Select(c => c.Column), DocColumn];

    // Field names are constants of this class (dotted ECS names), never input.
    private static string JsonPath(string field) => "$." + string.Join('.', field.Split('.').Select(p => p.StartsWith('@') ? $"\"{p}\"" : p));

    /// <summary>Every table, in creation order.</summary>
    public static IReadOnlyList<string> Tables { get; } = [LogsTable, MetricsTable, TracesTable];

    private static IReadOnlyDictionary<string, PromotedColumn> Columns(params PromotedColumn[] columns) =>
        columns.ToDictionary(c => c.Field, StringComparer.Ordinal);
}

/// <summary>An ECS field stored in its own typed column.</summary>
public sealed record PromotedColumn(string Field, string Column, string SqlType);
