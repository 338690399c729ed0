namespace Observability.Query.Kql;

/// <summary><c>not a</c>.</summary>
public sealed record KqlNot(KqlNode Inner) : KqlNode
{
    public override string ToString() => $"not {Inner}";
}
