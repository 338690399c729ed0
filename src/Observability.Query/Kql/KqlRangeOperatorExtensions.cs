namespace Observability.Query.Kql;

public static class KqlRangeOperatorExtensions
{
    public static string Symbol(this KqlRangeOperator op) => op switch
    {
        KqlRangeOperator.LessThan => "<",
        KqlRangeOperator.LessThanOrEqual => "<=",
        KqlRangeOperator.GreaterThan => ">",
        _ => ">=",
    };

    /// <summary>True when the bound itself is included (<c>&lt;=</c>, <c>&gt;=</c>).</summary>
    public static bool IsInclusive(this KqlRangeOperator op) => op is KqlRangeOperator.LessThanOrEqual or KqlRangeOperator.GreaterThanOrEqual;

    /// <summary>True when the bound is an upper bound (<c>&lt;</c>, <c>&lt;=</c>).</summary>
    public static bool IsUpper(this KqlRangeOperator op) => op is KqlRangeOperator.LessThan or KqlRangeOperator.LessThanOrEqual;

    /// <summary>Does <c>comparison</c> (sign of value compared with bound) satisfy the operator?</summary>
    public static bool Accepts(this KqlRangeOperator op, int comparison) => op switch
    {
        KqlRangeOperator.LessThan => comparison < 0,
        KqlRangeOperator.LessThanOrEqual => comparison <= 0,
        KqlRangeOperator.GreaterThan => comparison > 0,
        _ => comparison >= 0,
    };
}
