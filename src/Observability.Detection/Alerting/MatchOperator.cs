namespace Observability.Detection.Alerting;

public enum MatchOperator
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
