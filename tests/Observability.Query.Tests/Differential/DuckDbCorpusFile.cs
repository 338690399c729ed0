using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Query.Kql;
using Observability.Storage.DuckDb;

namespace Observability.Query.Tests.Differential;

/// <summary>
/// A real DuckDB file in a folder of its own with the <c>logs</c> table of <see cref="DuckDbSchema"/>, loaded with the
/// documents as the store writes them (<see cref="DuckDbCorpusFixture.Load"/>); the folder goes on dispose.
/// </summary>
public sealed class DuckDbCorpusFile : IDisposable
{
    private readonly string _dir;

    public DuckDbCorpusFile(string name, IReadOnlyList<EcsDocument> documents)
    {
        _dir = Path.Combine(Path.GetTempPath(), $"obs-kql-{name}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Documents = documents;
        KnownFields = documents.SelectMany(d => d.FieldNames).Distinct(StringComparer.Ordinal).ToList();
        Connection = new DuckDBConnection($"Data Source={Path.Combine(_dir, name + ".duckdb")}");
        Connection.Open();
        DuckDbCorpusFixture.Load(Connection, DuckDbSchema.LogsTable, documents);
    }

    public DuckDBConnection Connection { get; }

    public IReadOnlyList<EcsDocument> Documents { get; }

    public IReadOnlyList<string> KnownFields { get; }

    /// <summary>The ids a KQL query finds in the logs table, through the embedded store's SQL translation.</summary>
    public static HashSet<string> Hits(DuckDBConnection connection, KqlQuery query, IReadOnlyList<string> knownFields, KqlOptions options)
    {
        var fragment = DuckDbKql.Translate(query, DuckDbSchema.LogsTable, knownFields, options);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT id FROM logs WHERE {fragment.Where}";
        foreach (var p in fragment.Parameters)
        {
            cmd.Parameters.Add(new DuckDBParameter(p!));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public HashSet<string> Hits(KqlQuery query, KqlOptions options) => Hits(Connection, query, KnownFields, options);

    public void Dispose()
    {
        Connection.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
