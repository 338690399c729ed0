namespace Observability.Query.DuckDb;

/// <summary>
/// Which ECS fields of a table live in typed columns. The storage layer implements it from its schema
/// (<c>DuckDbSchema.PromotedColumns</c>); every other field is read from the JSON <c>doc</c> column.
/// </summary>
public interface IDuckDbColumnMap
{
    bool TryGetColumn(string field, out DuckDbColumn column);

    /// <summary>The fields that have a column (used to expand field-name patterns).</summary>
    IEnumerable<string> Fields { get; }
}
