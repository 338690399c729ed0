using Observability.Query.Kql;

namespace Observability.Query.Elasticsearch;

public sealed class EsTranslationOptions
{
    public KqlOptions Kql { get; init; } = KqlOptions.Default;

    /// <summary>
    /// Field names of the target indices (from their mapping), to expand field-name patterns into one clause
    /// per field as Kibana does with an index pattern's fields. Without it, patterns are passed to
    /// Elasticsearch, which expands them itself (<c>multi_match</c>, <c>query_string</c>, <c>exists</c>).
    /// </summary>
    public IReadOnlyCollection<string>? KnownFields { get; init; }
}
