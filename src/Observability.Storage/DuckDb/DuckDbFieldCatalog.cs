using DuckDB.NET.Data;
using Observability.Core.Json;

namespace Observability.Storage.DuckDb;

/// <summary>
/// Field names present in a table, to expand KQL field-name patterns (<c>host.*:x</c>): the promoted columns
/// plus every field of a sample of the newest documents. Like Kibana's index-pattern field list, it can miss a
/// field that only rare old documents have; the sample size bounds the cost.
/// </summary>
internal static class DuckDbFieldCatalog
{
    public const int SampleSize = 5000;

    public static IReadOnlyCollection<string> Load(DuckDBConnection connection, string table)
    {
        var fields = new HashSet<string>(DuckDbSchema.PromotedColumns[table].Keys, StringComparer.Ordinal);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {DuckDbSchema.DocColumn} FROM {table} ORDER BY {DuckDbSchema.TimestampColumn} DESC LIMIT {SampleSize}";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            try
            {
                fields.UnionWith(EcsJson.Parse(reader.GetString(0)).FieldNames);
            }
            catch (System.Text.Json.JsonException)
            {
                // A document that is not valid JSON contributes no fields; the writer never stores one.
            }
        }

        return fields;
    }
}
