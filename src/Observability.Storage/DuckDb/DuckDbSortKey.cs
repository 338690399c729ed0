using System.Globalization;
using Observability.Query.DuckDb;
using Observability.Query.Kql;

namespace Observability.Storage.DuckDb;

/// <summary>The SQL expression a search sorts on, its direction, and how its values travel in a cursor.</summary>
internal sealed record DuckDbSortKey(string Field, string Expression, bool Descending, KqlFieldKind Kind, object? PathParameter)
{
    public const string DefaultSort = "-@timestamp";

    public static DuckDbSortKey Parse(string? sort, string table, KqlOptions kql)
    {
        var text = string.IsNullOrWhiteSpace(sort) ? DefaultSort : sort.Trim();
        var descending = text.StartsWith('-');
        var field = text.TrimStart('-', '+');
        if (!KqlFieldNames.IsValid(field) || field.Contains('*', StringComparison.Ordinal))
        {
            throw new ArgumentException($"cannot sort on '{field}': not a field name", nameof(sort));
        }

        if (DuckDbSchemaColumnMap.For(table).TryGetColumn(field, out var column))
        {
            var kind = column.SqlType switch
            {
                "TIMESTAMPTZ" => KqlFieldKind.Date,
                "BIGINT" => KqlFieldKind.Number,
                _ => KqlFieldKind.Keyword,
            };
            return new DuckDbSortKey(field, $"\"{column.Name}\"", descending, kind, null);
        }

        var k = kql.KindOf(field);
        var json = "json_extract_string(doc, {path})";
        var expression = k switch
        {
            KqlFieldKind.Number => $"TRY_CAST({json} AS DOUBLE)",
            KqlFieldKind.Date => $"TRY_CAST({json} AS TIMESTAMPTZ)",
            _ => json,
        };
        return new DuckDbSortKey(field, expression, descending, k is KqlFieldKind.Number or KqlFieldKind.Date ? k : KqlFieldKind.Keyword, DuckDbSqlTranslator.JsonPath(field));
    }

    /// <summary>A sort value read from DuckDB as cursor text.</summary>
    public static string? ToCursorValue(object? value) => value switch
    {
        null or DBNull => null,
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Cursor text back to a typed parameter.</summary>
    public object FromCursorValue(string value) => Kind switch
    {
        KqlFieldKind.Date => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        KqlFieldKind.Number => double.Parse(value, CultureInfo.InvariantCulture),
        _ => value,
    };
}
