namespace Observability.Query.Kql;

/// <summary><c>a or b or …</c>: at least one clause matches.</summary>
public sealed record KqlOr(IReadOnlyList<KqlNode> Clauses) : KqlNode
{
    public bool Equals(KqlOr? other) => other is not null && Clauses.SequenceEqual(other.Clauses);

    public override int GetHashCode() => Clauses.Aggregate(17, (h, c) => HashCode.Combine(h, c));

    public override string ToString() => "(" + string.Join(" or ", Clauses) + ")";
}
