using System.Text.RegularExpressions;
using Observability.Core.Documents;
using Observability.Pipelines.Processors;

namespace Observability.Pipelines.Compilation;

/// <summary>A processor with its condition and failure handling, as the pipeline runs it.</summary>
internal sealed class CompiledStep(
    string type,
    string description,
    Func<EcsDocument, bool>? condition,
    Processor processor,
    bool ignoreFailure,
    CompiledStep[]? onFailure)
{
    public string Type { get; } = type;

    /// <summary>How errors name this step: type, tag and line (<c>grok [xid] at kernel.yml:12</c>).</summary>
    public string Description { get; } = description;

    public Func<EcsDocument, bool>? Condition { get; } = condition;

    public bool IgnoreFailure { get; } = ignoreFailure;

    public CompiledStep[]? OnFailure { get; } = onFailure;

    public string FailureTag { get; } = "_" + type + "_failure";

    public StepResult Run(EcsDocument doc)
    {
        if (Condition is not null && !Condition(doc))
        {
            return StepResult.Ok;
        }

        try
        {
            return processor.Execute(doc);
        }
        catch (RegexMatchTimeoutException)
        {
            return StepResult.Fail("pattern match timed out");
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException or InvalidCastException)
        {
            return StepResult.Fail(e.Message);
        }
    }
}
