namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// What one retention pass did: rows dropped per table, everything with <c>@timestamp</c> before
/// <see cref="DroppedBefore"/> (null when nothing was due), the store's size before and after, and whether the
/// checkpoint that frees the dropped rows' blocks ran (DuckDB refuses one while another transaction writes).
/// </summary>
public sealed record RetentionPass(IReadOnlyDictionary<string, long> Dropped, DateTimeOffset? DroppedBefore, DuckDbStoreSize Before, DuckDbStoreSize After, bool Checkpointed)
{
    public long DroppedTotal => Dropped.Values.Sum();

    public long DroppedIn(string table) => Dropped.GetValueOrDefault(table);
}
