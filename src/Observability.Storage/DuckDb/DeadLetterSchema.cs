namespace Observability.Storage.DuckDb;

/// <summary>
/// The embedded store's dead-letter table: messages the indexer could not store, kept with the reason, the topic
/// and position they came from, and the raw payload so they can be fixed and replayed.
/// </summary>
public static class DeadLetterSchema
{
    public const string Table = "deadletter";

    public const string CreateTableSql =
        "CREATE TABLE IF NOT EXISTS deadletter (id VARCHAR PRIMARY KEY, ts TIMESTAMPTZ NOT NULL, topic VARCHAR, position VARCHAR, reason VARCHAR NOT NULL, payload VARCHAR)";
}
