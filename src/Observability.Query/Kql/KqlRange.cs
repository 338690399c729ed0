namespace Observability.Query.Kql;

/// <summary><c>field &lt; value</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> on numbers, dates (ISO or date math) or strings.</summary>
public sealed record KqlRange(string Field, KqlRangeOperator Operator, string Value) : KqlNode
{
    public bool IsFieldPattern => Field.Contains('*', StringComparison.Ordinal);

    public override string ToString() => $"{Field} {Operator.Symbol()} \"{Value}\"";
}
