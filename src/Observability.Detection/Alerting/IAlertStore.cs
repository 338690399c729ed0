namespace Observability.Detection.Alerting;

/// <summary>
/// Where alerts and silences live (<c>obs-alerts</c>): a DuckDB table in embedded mode, an Elasticsearch index
/// in distributed mode. Alert rows are keyed by fingerprint and activation time, so an update replaces the row.
/// </summary>
public interface IAlertStore
{
    ValueTask UpsertAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<Alert>> ListAsync(AlertState? state, int limit, CancellationToken cancellationToken);

    /// <summary>The newest alert whose fingerprint starts with <paramref name="fingerprintPrefix"/>.</summary>
    ValueTask<Alert?> GetAsync(string fingerprintPrefix, CancellationToken cancellationToken);

    /// <summary>Marks the newest instance of the alert acknowledged; false when no such alert.</summary>
    ValueTask<bool> AcknowledgeAsync(string fingerprintPrefix, string by, CancellationToken cancellationToken);

    ValueTask<IReadOnlySet<string>> AcknowledgedAsync(CancellationToken cancellationToken);

    ValueTask AddSilenceAsync(Silence silence, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<Silence>> ListSilencesAsync(DateTimeOffset? activeAt, CancellationToken cancellationToken);
}
