using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>remove</c>: removes <c>field</c> (one name or a list; a trailing <c>*</c> removes every field with that
/// prefix). A missing exact field fails unless <c>ignore_missing</c>.
/// </summary>
public sealed class RemoveProcessor(string[] fields, bool ignoreMissing) : Processor
{
    // For each field, its prefix when it ends in '*' (cut once here, not on every event).
    private readonly string?[] _prefixes = [.. fields.Select(f => f.EndsWith('*') ? f[..^1] : null)];

    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var fields = o.GetStringList("field") ?? throw o.Missing("field");
        return new RemoveProcessor([.. fields], o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (_prefixes[i] is { } prefix)
            {
                FieldValues.RemoveFieldsStartingWith(document, prefix);
            }
            else if (!document.Remove(field) && !ignoreMissing)
            {
                return StepResult.Fail($"field [{field}] not present");
            }
        }

        return StepResult.Ok;
    }
}
