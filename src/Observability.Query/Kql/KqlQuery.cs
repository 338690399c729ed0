namespace Observability.Query.Kql;

/// <summary>
/// The root of a parsed KQL query. <see cref="Root"/> is <c>null</c> for an empty (or whitespace-only)
/// query, which matches every document, as an empty search bar does in Kibana.
/// </summary>
/// <param name="Root">The query's tree, or <c>null</c> for "match everything".</param>
/// <param name="Text">The text it was parsed from.</param>
public sealed record KqlQuery(KqlNode? Root, string Text)
{
    public static KqlQuery MatchAll { get; } = new(null, string.Empty);

    public bool IsMatchAll => Root is null or KqlMatchAll;

    public override string ToString() => Root?.ToString() ?? "*";
}
