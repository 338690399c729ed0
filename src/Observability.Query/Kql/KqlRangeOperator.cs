namespace Observability.Query.Kql;

public enum KqlRangeOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}
