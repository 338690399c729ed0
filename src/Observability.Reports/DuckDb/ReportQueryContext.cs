using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Observability.Reports.Model;

namespace Observability.Reports.DuckDb;

/// <summary>
/// A read connection to the embedded store plus the period being reported. Every query binds the window bounds
/// and thresholds as parameters (<c>$start</c>, <c>$end</c>, …); only table and JSON-path constants of this
/// assembly are ever written into SQL text.
/// </summary>
public sealed class ReportQueryContext(DuckDBConnection connection, ReportOptions options)
{
    public DuckDBConnection Connection { get; } = connection;

    public ReportOptions Options { get; } = options;

    /// <summary>True when <paramref name="table"/> exists in the database (alerts, dead-letters and reports tables are optional).</summary>
    public bool TableExists(string table) =>
        Scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = $t", ("t", table)) is long n && n > 0;

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v is int i ? (long)i : v;
    }

    public double? ScalarDouble(string sql, params (string Name, object? Value)[] parameters) =>
        Scalar(sql, parameters) is { } v ? ToDouble(v) : null;

    public List<T> Rows<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        using var reader = cmd.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// <c>ts</c> (TIMESTAMPTZ) within the window. Bounds travel as epoch numbers and become timestamps in SQL, so the
    /// session's time zone never shifts them.
    /// </summary>
    public const string InWindow = "ts >= to_timestamp($start) AND ts < to_timestamp($end)";

    /// <summary>The window parameters for <paramref name="period"/>: <c>$start</c>/<c>$end</c> (epoch seconds) and <c>$start_us</c>/<c>$end_us</c> (epoch µs, for naive UTC TIMESTAMP columns via <c>make_timestamp</c>).</summary>
    public static (string, object?)[] Window(ReportPeriod period, params (string, object?)[] more) =>
        [
            ("start", period.Start.ToUnixTimeMilliseconds() / 1000.0), ("end", period.End.ToUnixTimeMilliseconds() / 1000.0),
            ("start_us", period.Start.ToUnixTimeMilliseconds() * 1000), ("end_us", period.End.ToUnixTimeMilliseconds() * 1000),
            .. more,
        ];

    /// <summary>Trend bucket width in seconds: the period split into <see cref="ReportOptions.TrendPoints"/> buckets, at least a minute.</summary>
    public double BucketSeconds(ReportPeriod period) => Math.Max(60, Math.Ceiling(period.Length.TotalSeconds / Options.TrendPoints));

    public static DateTimeOffset FromEpoch(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    public static DateTimeOffset ToTime(object value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"not a timestamp: {value.GetType().Name}"),
    };

    public static double D(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : ToDouble(r.GetValue(i));

    /// <summary>A number as double; DuckDB returns sums of BIGINT as HUGEINT (<see cref="System.Numerics.BigInteger"/>).</summary>
    public static double ToDouble(object v) => v is System.Numerics.BigInteger b ? (double)b : Convert.ToDouble(v, CultureInfo.InvariantCulture);

    public static long L(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : r.GetValue(i) is System.Numerics.BigInteger b ? (long)b : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    public static string S(DbDataReader r, int i) => r.IsDBNull(i) ? string.Empty : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty;

    private DuckDBCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            // DuckDB refuses parameters a statement does not use, and every query shares one window list.
            if (!System.Text.RegularExpressions.Regex.IsMatch(sql, $@"\${name}\b"))
            {
                continue;
            }

            cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return cmd;
    }
}
