using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary><c>lowercase</c> / <c>uppercase</c>: changes the case of a string field (invariant culture).</summary>
public sealed class CaseProcessor(string field, string target, bool upper, bool ignoreMissing) : Processor
{
    public static Processor Create(ProcessorOptions o, bool upper)
    {
        var field = o.RequireString("field");
        return new CaseProcessor(field, o.GetString("target_field") ?? field, upper, o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        switch (document[field])
        {
            case null:
                return Missing(field, ignoreMissing);
            case string s:
                document.Set(target, upper ? s.ToUpperInvariant() : s.ToLowerInvariant());
                return StepResult.Ok;
            case IEnumerable<object?> list:
                var converted = new List<object?>();
                foreach (var item in list)
                {
                    if (item is not string si)
                    {
                        return StepResult.Fail($"field [{field}] holds a non-string item");
                    }

                    converted.Add(upper ? si.ToUpperInvariant() : si.ToLowerInvariant());
                }

                document.Set(target, converted);
                return StepResult.Ok;
            default:
                return StepResult.Fail($"field [{field}] of type {document[field]!.GetType().Name} cannot be {(upper ? "upper" : "lower")}cased");
        }
    }
}
