namespace Observability.Detection.Storage;

/// <summary>DDL of the alerting tables (embedded mode's <c>obs-alerts</c>).</summary>
public static class DuckDbAlertSchema
{
    public const string CreateTables =
        """
        CREATE TABLE IF NOT EXISTS obs_alerts (
          id VARCHAR PRIMARY KEY,
          fingerprint VARCHAR NOT NULL,
          alertname VARCHAR NOT NULL,
          state VARCHAR NOT NULL,
          severity VARCHAR,
          score DOUBLE NOT NULL,
          active_at TIMESTAMP NOT NULL,
          starts_at TIMESTAMP NOT NULL,
          ends_at TIMESTAMP,
          updated_at TIMESTAMP NOT NULL,
          labels VARCHAR NOT NULL,
          annotations VARCHAR NOT NULL,
          generator_url VARCHAR,
          acknowledged_by VARCHAR,
          acknowledged_at TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS obs_silences (
          id VARCHAR PRIMARY KEY,
          matchers VARCHAR NOT NULL,
          query VARCHAR,
          starts_at TIMESTAMP NOT NULL,
          ends_at TIMESTAMP NOT NULL,
          created_by VARCHAR NOT NULL,
          comment VARCHAR NOT NULL
        );
        CREATE TABLE IF NOT EXISTS obs_notification_log (
          receiver VARCHAR NOT NULL,
          group_key VARCHAR NOT NULL,
          firing VARCHAR NOT NULL,
          resolved VARCHAR NOT NULL,
          ts TIMESTAMP NOT NULL,
          PRIMARY KEY (receiver, group_key)
        );
        """;
}
