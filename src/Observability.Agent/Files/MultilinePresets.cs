namespace Observability.Agent.Files;

/// <summary>
/// Start patterns for common multi-line formats. Each matches a line that begins a new event, so every
/// line it does not match (indented frames, "Caused by:", "Traceback …", blank lines) continues the current one.
/// </summary>
public static class MultilinePresets
{
    /// <summary>Python: tracebacks, chained exceptions and the final "SomeError: message" line continue the event.</summary>
    public const string Python =
        @"^(?!\s|$|Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause|[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Iteration)(?::|$))";

    /// <summary>Java: "at …" frames, "... N more", "Caused by:", "Suppressed:" and the exception line continue the event.</summary>
    public const string Java =
        @"^(?!\s|$|Caused by:|Suppressed:|\.\.\. \d+ (?:more|common frames omitted)|[\w$.]+(?:Exception|Error|Throwable)(?::|$))";

    /// <summary>Go: a panic's goroutine headers, function lines, indented file lines and blank lines continue the event.</summary>
    public const string Go =
        @"^(?!\s|$|goroutine \d+ \[|created by |\[signal |exit status |[\w./*()\[\]{}-]+\(.*\)$)";

    public static IReadOnlyList<string> Names { get; } = ["python", "java", "go"];

    public static string? Find(string name) => name.ToLowerInvariant() switch
    {
        "python" => Python,
        "java" => Java,
        "go" => Go,
        _ => null,
    };
}
