using DuckDB.NET.Data;
using Observability.Storage.DuckDb;

namespace Observability.Reports.Delivery;

/// <summary>
/// The <c>obs-reports</c> store: table <c>obs_reports</c> in the embedded database, one row per report (id = name + period,
/// so re-running a period replaces it). Keeps every rendering so a past report can be shown again exactly.
/// </summary>
public sealed class ReportStore(DuckDbStore store) : IReportDelivery
{
    public const string Table = "obs_reports";

    private const string CreateSql =
        "CREATE TABLE IF NOT EXISTS obs_reports (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, period_start TIMESTAMPTZ NOT NULL, " +
        "period_end TIMESTAMPTZ NOT NULL, generated_at TIMESTAMPTZ NOT NULL, html VARCHAR NOT NULL, markdown VARCHAR NOT NULL, json JSON NOT NULL)";

    public string Name => "store obs_reports";

    public async Task DeliverAsync(ReportArtifacts artifacts, CancellationToken ct)
    {
        await store.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Execute(store.Connection, CreateSql);
            var r = artifacts.Report;
            Execute(store.Connection,
                "INSERT OR REPLACE INTO obs_reports VALUES ($id, $name, to_timestamp($start), to_timestamp($end), to_timestamp($gen), $html, $md, $json)",
                ("id", r.Id), ("name", r.Name), ("start", r.Period.Start.ToUnixTimeMilliseconds() / 1000.0), ("end", r.Period.End.ToUnixTimeMilliseconds() / 1000.0),
                ("gen", r.GeneratedAt.ToUnixTimeMilliseconds() / 1000.0), ("html", artifacts.Html), ("md", artifacts.Markdown), ("json", artifacts.Json));
        }
        finally
        {
            store.WriteLock.Release();
        }
    }

    /// <summary>Stored reports, newest period first.</summary>
    public IReadOnlyList<StoredReport> List(int limit = 100)
    {
        using var c = store.OpenReadConnection();
        if (!Exists(c))
        {
            return [];
        }

        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, name, epoch(period_start), epoch(period_end), epoch(generated_at), length(html) FROM obs_reports ORDER BY period_end DESC, name LIMIT $limit";
        cmd.Parameters.Add(new DuckDBParameter("limit", (long)limit));
        using var reader = cmd.ExecuteReader();
        var list = new List<StoredReport>();
        while (reader.Read())
        {
            list.Add(new StoredReport(reader.GetString(0), reader.GetString(1), Time(reader.GetDouble(2)), Time(reader.GetDouble(3)), Time(reader.GetDouble(4)), reader.GetInt64(5)));
        }

        return list;
    }

    /// <summary>The stored JSON of one report, or null.</summary>
    public string? Json(string id) => Rendering(id, "json");

    /// <summary>The stored HTML of one report, or null (the web console shows it).</summary>
    public string? Html(string id) => Rendering(id, "html");

    /// <summary>One rendering of a report; <paramref name="column"/> is one of this class's constants, the id a parameter.</summary>
    private string? Rendering(string id, string column)
    {
        using var c = store.OpenReadConnection();
        if (!Exists(c))
        {
            return null;
        }

        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {column} FROM obs_reports WHERE id = $id";
        cmd.Parameters.Add(new DuckDBParameter("id", id));
        return cmd.ExecuteScalar() as string;
    }

    private static DateTimeOffset Time(double epoch) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epoch * 1000));

    private static bool Exists(DuckDBConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'obs_reports'";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(DuckDBConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        cmd.ExecuteNonQuery();
    }
}
