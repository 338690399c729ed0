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
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var fields = o.GetStringList("field") ?? throw o.Missing("field");
        return new RemoveProcessor([.. fields], o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        foreach (var field in fields)
        {
            if (field.EndsWith('*'))
            {
                var prefix = field[..^1];
                foreach (var name in document.FieldNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                {
                    document.Remove(name);
                }
            }
            else if (!document.Remove(field) && !ignoreMissing)
            {
                return StepResult.Fail($"field [{field}] not present");
            }
        }

        return StepResult.Ok;
    }
}
