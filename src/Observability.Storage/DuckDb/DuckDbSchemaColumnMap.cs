using Observability.Query.DuckDb;

namespace Observability.Storage.DuckDb;

/// <summary>The KQL translator's view of <see cref="DuckDbSchema.PromotedColumns"/> for one table.</summary>
public sealed class DuckDbSchemaColumnMap : IDuckDbColumnMap
{
    private readonly IReadOnlyDictionary<string, PromotedColumn> _columns;

    private DuckDbSchemaColumnMap(IReadOnlyDictionary<string, PromotedColumn> columns) => _columns = columns;

    public static DuckDbSchemaColumnMap For(string table) =>
        DuckDbSchema.PromotedColumns.TryGetValue(table, out var columns)
            ? new DuckDbSchemaColumnMap(columns)
            : throw new ArgumentException($"unknown table '{table}'", nameof(table));

    public IEnumerable<string> Fields => _columns.Keys;

    public bool TryGetColumn(string field, out DuckDbColumn column)
    {
        if (_columns.TryGetValue(field, out var c))
        {
            column = new DuckDbColumn(c.Column, c.SqlType);
            return true;
        }

        column = null!;
        return false;
    }
}
