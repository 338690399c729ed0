namespace Observability.Query.Kql;

/// <summary>How a field's values are compared, like an Elasticsearch mapping type.</summary>
public enum KqlFieldKind
{
    /// <summary>Unmapped: equal as strings, or as numbers when both sides are numeric.</summary>
    Auto,

    /// <summary>Exact, case-sensitive string match (ES <c>keyword</c>); wildcards match the whole value.</summary>
    Keyword,

    /// <summary>Analysed text (ES <c>text</c>): case-insensitive token and phrase match.</summary>
    Text,

    /// <summary>Numeric (ES <c>long</c>/<c>double</c>).</summary>
    Number,

    /// <summary>A point in time (ES <c>date</c>); values are ISO 8601 or date math (<c>now-1h</c>).</summary>
    Date,
}
