namespace Observability.Query.Kql;

/// <summary>A bare <c>*</c>: every document.</summary>
public sealed record KqlMatchAll : KqlNode
{
    public static KqlMatchAll Instance { get; } = new();

    public override string ToString() => "*";
}
