using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>rename</c>: moves <c>field</c> to <c>target_field</c>. Fails when the target exists unless
/// <c>override: true</c>; <c>ignore_missing</c> skips events without the field.
/// </summary>
public sealed class RenameProcessor(string field, string target, bool ignoreMissing, bool overwrite) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context) =>
        new RenameProcessor(o.RequireString("field"), o.RequireString("target_field"), o.GetBool("ignore_missing", false), o.GetBool("override", false));

    public override StepResult Execute(EcsDocument document)
    {
        if (!document.TryGet(field, out var value))
        {
            return Missing(field, ignoreMissing);
        }

        if (!overwrite && document.Contains(target))
        {
            return StepResult.Fail($"field [{target}] already exists");
        }

        document.Remove(field);
        document.Set(target, value);
        return StepResult.Ok;
    }
}
