namespace Observability.Pipelines.Definition;

/// <summary>
/// A pipeline file that cannot be loaded or compiled. The message names the file, the line and column,
/// and the key at fault, so a user can go straight to the mistake.
/// </summary>
public sealed class PipelineDefinitionException : Exception
{
    public PipelineDefinitionException(string source, long line, long column, string? key, string problem)
        : base(Format(source, line, column, key, problem))
    {
        Source = source;
        Line = line;
        Column = column;
        Key = key;
        Problem = problem;
    }

    public PipelineDefinitionException()
    {
    }

    public PipelineDefinitionException(string message)
        : base(message)
    {
    }

    public PipelineDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public new string? Source { get; }

    public long Line { get; }

    public long Column { get; }

    public string? Key { get; }

    public string? Problem { get; }

    private static string Format(string source, long line, long column, string? key, string problem) =>
        key is null ? $"{source}:{line}:{column}: {problem}" : $"{source}:{line}:{column}: key '{key}': {problem}";
}
