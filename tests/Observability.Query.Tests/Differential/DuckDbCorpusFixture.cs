using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Storage.DuckDb;

namespace Observability.Query.Tests.Differential;

/// <summary>A real DuckDB file with the <c>logs</c> table of <see cref="DuckDbSchema"/>, loaded with the generated corpus.</summary>
public sealed class DuckDbCorpusFixture : IDisposable
{
    private readonly string _dir;

    public DuckDbCorpusFixture()
    {
        _dir = Path.Combine(Path.GetTempPath(), "obs-kql-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Documents = GeneratedCorpus.Create(600, seed: 20240501);
        KnownFields = Documents.SelectMany(d => d.FieldNames).Distinct(StringComparer.Ordinal).ToList();
        Connection = new DuckDBConnection($"Data Source={Path.Combine(_dir, "corpus.duckdb")}");
        Connection.Open();
        Load(Connection, DuckDbSchema.LogsTable, Documents);
    }

    public DuckDBConnection Connection { get; }

    public IReadOnlyList<EcsDocument> Documents { get; }

    public IReadOnlyList<string> KnownFields { get; }

    /// <summary>Writes documents as the store does: promoted columns from the document, full nested JSON in <c>doc</c>.</summary>
    public static void Load(DuckDBConnection connection, string table, IEnumerable<EcsDocument> docs)
    {
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "SET TimeZone='UTC'; " + DuckDbSchema.CreateTableSql(table);
            setup.ExecuteNonQuery();
        }

        var columns = DuckDbSchema.PromotedColumns[table].Values.ToList();
        using var appender = connection.CreateAppender(table);
        foreach (var d in docs)
        {
            var row = appender.CreateRow();
            row.AppendValue(d.Id);
            foreach (var c in columns)
            {
                switch (c.SqlType)
                {
                    case "TIMESTAMPTZ" when c.Field == "@timestamp":
                        row.AppendValue(d.Timestamp!.Value.UtcDateTime);
                        break;
                    case "TIMESTAMPTZ":
                        // Other promoted dates (event.ingested): the corpus's value, or NULL.
                        row.AppendValue(d[c.Field] is DateTimeOffset t ? t.UtcDateTime : (DateTime?)null);
                        break;
                    case "BIGINT":
                        row.AppendValue(d[c.Field] is long l ? l : (long?)null);
                        break;
                    default:
                        row.AppendValue(d.GetString(c.Field));
                        break;
                }
            }

            row.AppendValue(EcsJson.ToJson(d));
            row.EndRow();
        }
    }

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
