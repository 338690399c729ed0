using Observability.Core.Options;
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

    /// <summary>Set in code only (not in obs.yml): errors name the property (<c>DuckDbTranslationOptions.DocColumn</c>).</summary>
    public void Validate()
    {
        OptionsCheck.That(DuckDbSqlTranslator.IsIdentifier(DocColumn), "DuckDbTranslationOptions.DocColumn", $"'{DocColumn}' is not a plain identifier");
        OptionsCheck.That(FirstParameter >= 1, "DuckDbTranslationOptions.FirstParameter", $"must be at least 1, got {FirstParameter}");
        Kql.Validate();
    }
}
