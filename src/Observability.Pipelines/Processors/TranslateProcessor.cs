using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>translate</c>: looks the value of <c>field</c> up in <c>dictionary</c> and writes the match to
/// <c>target_field</c> (as Logstash's translate filter), e.g. an XID number to its meaning. <c>fallback</c>
/// is written when there is no entry; without one, a value not in the dictionary changes nothing.
/// <c>override: false</c> keeps an existing target. Fails only when the field is missing and not ignored.
/// </summary>
public sealed class TranslateProcessor(string field, string target, Dictionary<string, string> dictionary, string? fallback, bool overwrite, bool ignoreMissing) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var table = o.GetStringMap("dictionary") ?? throw o.Missing("dictionary");
        return new TranslateProcessor(
            o.RequireString("field"),
            o.RequireString("target_field"),
            new Dictionary<string, string>(table, StringComparer.Ordinal),
            o.GetString("fallback"),
            o.GetBool("override", true),
            o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (document.GetString(field) is not { } key)
        {
            return Missing(field, ignoreMissing);
        }

        if (!overwrite && document.Contains(target))
        {
            return StepResult.Ok;
        }

        if (dictionary.TryGetValue(key, out var value) || (value = fallback) is not null)
        {
            document.Set(target, value);
        }

        return StepResult.Ok;
    }
}
