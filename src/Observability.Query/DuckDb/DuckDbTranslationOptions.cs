using Observability.Query.Kql;

namespace Observability.Query.DuckDb;

public sealed class DuckDbTranslationOptions
{
    /// <summary>Fields stored in typed columns; others are read from <see cref="DocColumn"/>.</summary>
    public IDuckDbColumnMap Columns { get; init; } = DuckDbColumnMap.Empty;

    /// <summary>
    /// Field names present in the table, to expand field-name patterns (<c>host.*:x</c>). Fields in
    /// <see cref="Columns"/> are always candidates. A pattern that names no known field matches nothing.
    /// </summary>
    public IReadOnlyCollection<string>? KnownFields { get; init; }

    public KqlOptions Kql { get; init; } = KqlOptions.Default;

    /// <summary>The JSON column with the full nested ECS document.</summary>
    public string DocColumn { get; init; } = "doc";

    /// <summary>Number of the first parameter (<c>$n</c>), to combine the fragment with other parameters.</summary>
    public int FirstParameter { get; init; } = 1;

    public void Validate()
    {
        if (!DuckDbSqlTranslator.IsIdentifier(DocColumn))
        {
            throw new ArgumentException($"DuckDbTranslationOptions.DocColumn: '{DocColumn}' is not a plain identifier", nameof(DocColumn));
        }

        if (FirstParameter < 1)
        {
            throw new ArgumentException("DuckDbTranslationOptions.FirstParameter must be at least 1", nameof(FirstParameter));
        }

        Kql.Validate();
    }
}
