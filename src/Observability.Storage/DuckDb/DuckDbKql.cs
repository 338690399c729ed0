using Observability.Query.DuckDb;
using Observability.Query.Kql;

namespace Observability.Storage.DuckDb;

/// <summary>KQL → SQL for the embedded store's tables, with <see cref="DuckDbSchema"/>'s promoted columns.</summary>
public static class DuckDbKql
{
    public static SqlFragment Translate(KqlQuery query, string table, IReadOnlyCollection<string>? knownFields = null, KqlOptions? kql = null, int firstParameter = 1) =>
        DuckDbSqlTranslator.Translate(query, table, new DuckDbTranslationOptions
        {
            Columns = DuckDbSchemaColumnMap.For(table),
            KnownFields = knownFields,
            Kql = kql ?? KqlOptions.Default,
            DocColumn = DuckDbSchema.DocColumn,
            FirstParameter = firstParameter,
        });
}
