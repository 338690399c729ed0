using DuckDB.NET.Data;

namespace Observability.Storage.DuckDb;

/// <summary>A statement being built on top of a filter: further parameters are numbered after the filter's.</summary>
internal sealed class DuckDbSql(DuckDbFilter filter)
{
    private readonly List<object?> _parameters = [.. filter.Parameters];

    public string Text { get; set; } = string.Empty;

    public string Add(object value)
    {
        _parameters.Add(value);
        return "$" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public DuckDBCommand Command(DuckDBConnection connection)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = Text;
        foreach (var p in _parameters)
        {
            cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        }

        return cmd;
    }
}
