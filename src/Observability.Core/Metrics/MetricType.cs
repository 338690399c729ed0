namespace Observability.Core.Metrics;

/// <summary>How a field's value is written: the agent's CLR type and the stores' column/mapping type follow from it.</summary>
public enum MetricType
{
    Keyword,
    Boolean,
    Long,
    Double,
}
