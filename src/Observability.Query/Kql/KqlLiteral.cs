namespace Observability.Query.Kql;

/// <summary>A value as a KQL quoted phrase, so whatever it holds (quotes, <c>*</c>, <c>or</c>, brackets) is matched as data.</summary>
public static class KqlLiteral
{
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
