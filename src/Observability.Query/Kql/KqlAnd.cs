namespace Observability.Query.Kql;

/// <summary><c>a and b and …</c>: every clause matches.</summary>
public sealed record KqlAnd(IReadOnlyList<KqlNode> Clauses) : KqlNode
{
    public bool Equals(KqlAnd? other) => other is not null && Clauses.SequenceEqual(other.Clauses);

    public override int GetHashCode() => Clauses.Aggregate(31, (h, c) => HashCode.Combine(h, c));

    public override string ToString() => "(" + string.Join(" and ", Clauses) + ")";
}
