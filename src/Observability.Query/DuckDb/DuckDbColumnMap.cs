namespace Observability.Query.DuckDb;

/// <summary>An <see cref="IDuckDbColumnMap"/> from a dictionary of field → column.</summary>
public sealed class DuckDbColumnMap(IReadOnlyDictionary<string, DuckDbColumn> columns) : IDuckDbColumnMap
{
    public static DuckDbColumnMap Empty { get; } = new(new Dictionary<string, DuckDbColumn>());

    public IEnumerable<string> Fields => columns.Keys;

    public bool TryGetColumn(string field, out DuckDbColumn column)
    {
        if (columns.TryGetValue(field, out var c))
        {
            column = c;
            return true;
        }

        column = null!;
        return false;
    }
}
