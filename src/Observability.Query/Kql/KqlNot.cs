namespace Observability.Query.Kql;

/// <summary><c>not a</c>.</summary>
public sealed record KqlNot(KqlNode Inner) : KqlNode
{
    // Kibana rejects "not not x"; the inner not is printed in parentheses so the text parses back.
    public override string ToString() => Inner is KqlNot ? $"not ({Inner})" : $"not {Inner}";
}
