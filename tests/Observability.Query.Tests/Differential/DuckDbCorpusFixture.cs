using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Storage.DuckDb;

namespace Observability.Query.Tests.Differential;

/// <summary>A real DuckDB file with the <c>logs</c> table of <see cref="DuckDbSchema"/>, loaded with the generated corpus.</summary>
public sealed class DuckDbCorpusFixture : IDisposable
{
    private readonly DuckDbCorpusFile _file = new("corpus", GeneratedCorpus.Create(600, seed: 20240501));

    public DuckDBConnection Connection => _file.Connection;

    public IReadOnlyList<EcsDocument> Documents => _file.Documents;

    public IReadOnlyList<string> KnownFields => _file.KnownFields;

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

    public void Dispose() => _file.Dispose();
}
