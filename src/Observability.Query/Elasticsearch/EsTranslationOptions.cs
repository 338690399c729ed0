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

    /// <summary>
    /// Fields kept in <c>_source</c> only (mapped with <c>index: false</c>, such as ECS <c>event.original</c>):
    /// Elasticsearch answers a query on one with HTTP 400, so a clause on it matches nothing instead, as a value
    /// that is never found.
    /// </summary>
    public IReadOnlySet<string> NotSearchable { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Fields of a whole-number mapping type (<c>long</c>, <c>integer</c>…) with the range of that type: equality and range
    /// values on them are settled here (see <see cref="EsIntegerRange"/>), so a fraction or an out-of-range number finds
    /// what it means instead of failing the search.
    /// </summary>
    public IReadOnlyDictionary<string, EsIntegerRange> IntegerFields { get; init; } = new Dictionary<string, EsIntegerRange>(StringComparer.Ordinal);
}
