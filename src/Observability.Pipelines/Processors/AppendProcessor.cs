using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary><c>append</c>: adds values (templates allowed) to an array field such as <c>tags</c>.</summary>
public sealed class AppendProcessor(string field, ValueTemplate[] values, bool allowDuplicates) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var field = o.RequireString("field");
        var values = o.GetStringList("value") ?? throw o.Missing("value");
        return new AppendProcessor(field, values.Select(ValueTemplate.Parse).ToArray(), o.GetBool("allow_duplicates", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        foreach (var v in values)
        {
            FieldValues.Append(document, field, v.Render(document), allowDuplicates);
        }

        return StepResult.Ok;
    }
}
