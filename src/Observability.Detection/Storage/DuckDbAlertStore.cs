using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Detection.Alerting;

namespace Observability.Detection.Storage;

/// <summary>
/// Embedded-mode <c>obs-alerts</c>: DuckDB tables <c>obs_alerts</c> (one row per alert instance, keyed by
/// fingerprint and activation time), <c>obs_silences</c> and <c>obs_notification_log</c> (what each receiver was
/// told, so a restart does not notify again). Parameterised SQL only; one connection guarded by a lock.
/// </summary>
public sealed class DuckDbAlertStore : IAlertStore, INotificationLog, IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    /// <summary>Opens (creating if needed) a DuckDB file of its own (standalone detector, <c>obs alerts --store</c>).</summary>
    public DuckDbAlertStore(string path, TimeProvider time)
        : this(OpenFile(path), time)
    {
    }

    /// <summary>
    /// Keeps the alert tables in an already open database, through <paramref name="connection"/> (which this store
    /// owns and disposes). <c>obs up</c> passes a second connection to its main store, so the reports, which read
    /// that store, see the alerts; one process, one database instance, so DuckDB's single-writer rule holds.
    /// </summary>
    public DuckDbAlertStore(DuckDBConnection connection, TimeProvider time)
    {
        _time = time;
        _connection = connection;
        Execute(DuckDbAlertSchema.CreateTables);
    }

    private static DuckDBConnection OpenFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new DuckDBConnection($"Data Source={full}");
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    public async ValueTask UpsertAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var tx = _connection.BeginTransaction();
            foreach (var a in alerts)
            {
                using var cmd = Command(
                    """
                    INSERT INTO obs_alerts (id, fingerprint, alertname, state, severity, score, active_at, starts_at, ends_at, updated_at, labels, annotations, generator_url)
                    VALUES ($id, $fp, $name, $state, $severity, $score, $active, $starts, $ends, $updated, $labels, $annotations, $url)
                    ON CONFLICT (id) DO UPDATE SET state = excluded.state, score = excluded.score, starts_at = excluded.starts_at,
                      ends_at = excluded.ends_at, updated_at = excluded.updated_at, annotations = excluded.annotations
                    """,
                    ("id", EventIds.FromParts(a.Fingerprint, a.ActiveAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                    ("fp", a.Fingerprint),
                    ("name", a.Name),
                    ("state", a.State.ToString().ToLowerInvariant()),
                    ("severity", a.Labels["severity"]),
                    ("score", a.Score),
                    ("active", a.ActiveAt.UtcDateTime),
                    ("starts", a.StartsAt.UtcDateTime),
                    ("ends", a.EndsAt?.UtcDateTime),
                    ("updated", a.UpdatedAt.UtcDateTime),
                    ("labels", JsonSerializer.Serialize(a.Labels.ToDictionary())),
                    ("annotations", JsonSerializer.Serialize(a.Annotations)),
                    ("url", a.GeneratorUrl));
                cmd.Transaction = tx;
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<Alert>> ListAsync(AlertState? state, int limit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = state is null
                ? Command("SELECT * FROM obs_alerts ORDER BY updated_at DESC LIMIT $limit", ("limit", limit))
                : Command("SELECT * FROM obs_alerts WHERE state = $state ORDER BY updated_at DESC LIMIT $limit", ("state", state.Value.ToString().ToLowerInvariant()), ("limit", limit));
            return ReadAlerts(cmd);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<Alert?> GetAsync(string fingerprintPrefix, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command("SELECT * FROM obs_alerts WHERE starts_with(fingerprint, $p) ORDER BY updated_at DESC LIMIT 1", ("p", fingerprintPrefix));
            return ReadAlerts(cmd).FirstOrDefault();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> AcknowledgeAsync(string fingerprintPrefix, string by, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command(
                "UPDATE obs_alerts SET acknowledged_by = $by, acknowledged_at = $at WHERE id = (SELECT id FROM obs_alerts WHERE starts_with(fingerprint, $p) ORDER BY updated_at DESC LIMIT 1)",
                ("by", by),
                ("at", _time.GetUtcNow().UtcDateTime),
                ("p", fingerprintPrefix));
            return cmd.ExecuteNonQuery() > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlySet<string>> AcknowledgedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command("SELECT DISTINCT fingerprint FROM obs_alerts WHERE acknowledged_by IS NOT NULL AND state = 'firing'");
            using var reader = cmd.ExecuteReader();
            var set = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                set.Add(reader.GetString(0));
            }

            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask AddSilenceAsync(Silence silence, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command(
                "INSERT INTO obs_silences (id, matchers, query, starts_at, ends_at, created_by, comment) VALUES ($id, $m, $q, $s, $e, $by, $c)",
                ("id", silence.Id),
                ("m", JsonSerializer.Serialize(silence.Matchers.Select(m => m.ToString()).ToList())),
                ("q", silence.Query),
                ("s", silence.StartsAt.UtcDateTime),
                ("e", silence.EndsAt.UtcDateTime),
                ("by", silence.CreatedBy),
                ("c", silence.Comment));
            cmd.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<Silence>> ListSilencesAsync(DateTimeOffset? activeAt, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = activeAt is { } t
                ? Command("SELECT * FROM obs_silences WHERE starts_at <= $t AND ends_at > $t ORDER BY starts_at", ("t", t.UtcDateTime))
                : Command("SELECT * FROM obs_silences ORDER BY starts_at");
            using var reader = cmd.ExecuteReader();
            var list = new List<Silence>();
            while (reader.Read())
            {
                var matchers = JsonSerializer.Deserialize<List<string>>(reader.GetString(reader.GetOrdinal("matchers"))) ?? [];
                list.Add(new Silence
                {
                    Id = reader.GetString(reader.GetOrdinal("id")),
                    Matchers = matchers.Select(LabelMatcher.Parse).ToList(),
                    Query = reader.IsDBNull(reader.GetOrdinal("query")) ? null : reader.GetString(reader.GetOrdinal("query")),
                    StartsAt = Utc(reader.GetDateTime(reader.GetOrdinal("starts_at"))),
                    EndsAt = Utc(reader.GetDateTime(reader.GetOrdinal("ends_at"))),
                    CreatedBy = reader.GetString(reader.GetOrdinal("created_by")),
                    Comment = reader.GetString(reader.GetOrdinal("comment")),
                });
            }

            return list;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<NotificationLogEntry?> GetAsync(string receiver, string groupKey, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command("SELECT firing, resolved, ts FROM obs_notification_log WHERE receiver = $r AND group_key = $g", ("r", receiver), ("g", groupKey));
            using var reader = cmd.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var firing = JsonSerializer.Deserialize<HashSet<string>>(reader.GetString(0)) ?? [];
            var resolved = JsonSerializer.Deserialize<HashSet<string>>(reader.GetString(1)) ?? [];
            return new NotificationLogEntry(receiver, groupKey, firing, resolved, Utc(reader.GetDateTime(2)));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask PutAsync(NotificationLogEntry entry, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var cmd = Command(
                """
                INSERT INTO obs_notification_log (receiver, group_key, firing, resolved, ts) VALUES ($r, $g, $f, $res, $ts)
                ON CONFLICT (receiver, group_key) DO UPDATE SET firing = excluded.firing, resolved = excluded.resolved, ts = excluded.ts
                """,
                ("r", entry.Receiver),
                ("g", entry.GroupKey),
                ("f", JsonSerializer.Serialize(entry.Firing)),
                ("res", JsonSerializer.Serialize(entry.Resolved)),
                ("ts", entry.Timestamp.UtcDateTime));
            cmd.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static List<Alert> ReadAlerts(DbCommand cmd)
    {
        using var reader = cmd.ExecuteReader();
        var list = new List<Alert>();
        while (reader.Read())
        {
            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(reader.GetOrdinal("labels"))) ?? [];
            var annotations = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(reader.GetOrdinal("annotations"))) ?? [];
            var ends = reader.GetOrdinal("ends_at");
            var ack = reader.GetOrdinal("acknowledged_by");
            var url = reader.GetOrdinal("generator_url");
            list.Add(new Alert
            {
                Labels = new LabelSet(labels),
                Annotations = annotations,
                State = Enum.Parse<AlertState>(reader.GetString(reader.GetOrdinal("state")), ignoreCase: true),
                ActiveAt = Utc(reader.GetDateTime(reader.GetOrdinal("active_at"))),
                StartsAt = Utc(reader.GetDateTime(reader.GetOrdinal("starts_at"))),
                EndsAt = reader.IsDBNull(ends) ? null : Utc(reader.GetDateTime(ends)),
                UpdatedAt = Utc(reader.GetDateTime(reader.GetOrdinal("updated_at"))),
                Score = reader.GetDouble(reader.GetOrdinal("score")),
                GeneratorUrl = reader.IsDBNull(url) ? null : reader.GetString(url),
                AcknowledgedBy = reader.IsDBNull(ack) ? null : reader.GetString(ack),
            });
        }

        return list;
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
