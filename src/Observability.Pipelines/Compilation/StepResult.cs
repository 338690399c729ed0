namespace Observability.Pipelines.Compilation;

/// <summary>What one processor did to an event: nothing to report, drop it, or fail with a reason.</summary>
public readonly record struct StepResult(StepKind Kind, string? Error)
{
    public static StepResult Ok => default;

    public static StepResult Dropped => new(StepKind.Drop, null);

    public static StepResult Fail(string error) => new(StepKind.Fail, error);

    public bool IsOk => Kind == StepKind.Continue;
}

public enum StepKind
{
    Continue,
    Drop,
    Fail,
}
