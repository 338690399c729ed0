using System.Text;
using DuckDB.NET.Data;
using Observability.Core.Storage;

namespace Observability.Storage.DuckDb;

/// <summary>The embedded mode's dead-letter sink: the store's <c>deadletter</c> table, keyed by the dead letter's id.</summary>
public sealed class DuckDbDeadLetterWriter : IDeadLetterSink
{
    /// <summary>Payloads are kept up to this size; longer ones are cut (the reason says so) to bound the table.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    private readonly DuckDbStore _store;

    public DuckDbDeadLetterWriter(DuckDbStore store) => _store = store;

    public async Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (deadLetters.Count == 0)
        {
            return;
        }

        await _store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            var connection = _store.Connection;
            using var tx = connection.BeginTransaction();
            foreach (var d in deadLetters)
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "INSERT OR IGNORE INTO deadletter (id, ts, topic, position, reason, payload) VALUES ($1, $2, $3, $4, $5, $6)";
                var cut = d.Payload.Length > MaxPayloadBytes;
                var payload = Encoding.UTF8.GetString(cut ? d.Payload.Span[..MaxPayloadBytes] : d.Payload.Span);
                cmd.Parameters.Add(new DuckDBParameter(d.Id));
                cmd.Parameters.Add(new DuckDBParameter(d.Time));
                cmd.Parameters.Add(new DuckDBParameter(d.Topic));
                cmd.Parameters.Add(new DuckDBParameter((object?)d.Position ?? DBNull.Value));
                cmd.Parameters.Add(new DuckDBParameter(cut ? $"{d.Reason} (payload cut to {MaxPayloadBytes} bytes)" : d.Reason));
                cmd.Parameters.Add(new DuckDBParameter(payload));
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
        finally
        {
            _store.WriteLock.Release();
        }
    }
}
