namespace Observability.Query.Kql;

/// <summary>A KQL query that does not parse; <see cref="Caret"/> shows where.</summary>
public sealed class KqlSyntaxException : Exception
{
    public KqlSyntaxException()
    {
        Query = string.Empty;
    }

    public KqlSyntaxException(string message)
        : base(message)
    {
        Query = string.Empty;
    }

    public KqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Query = string.Empty;
    }

    public KqlSyntaxException(string reason, string query, int position)
        : base($"KQL syntax error at position {position}: {reason}")
    {
        Reason = reason;
        Query = query;
        Position = position;
    }

    /// <summary>What was expected or found, without the position.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The query text.</summary>
    public string Query { get; }

    /// <summary>Zero-based character offset of the error in <see cref="Query"/>.</summary>
    public int Position { get; }

    /// <summary>The query on one line and a <c>^</c> under the error position on the next.</summary>
    public string Caret
    {
        get
        {
            var line = Query.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
            return line + Environment.NewLine + new string(' ', Math.Clamp(Position, 0, line.Length)) + "^";
        }
    }
}
