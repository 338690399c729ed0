namespace Observability.Query.Kql;

/// <summary><c>field:*</c>: the field has at least one non-null value.</summary>
public sealed record KqlExists(string Field) : KqlNode
{
    public bool IsFieldPattern => Field.Contains('*', StringComparison.Ordinal);

    public override string ToString() => $"{Field}:*";
}
