using System.Text;
using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>message_template</c>: renders a Serilog/Microsoft.Extensions.Logging message template
/// (<c>Processed {@Position} in {Elapsed:000} ms</c>) from the event's properties into <c>target_field</c>
/// (default <c>message</c>), for Serilog compact JSON lines that carry <c>@mt</c> but no rendered <c>@m</c>.
/// Options: <c>field</c> (the template), <c>properties_prefix</c> (where the properties are), <c>override</c>
/// (default false). A hole without a property is left as written, as Serilog does.
/// </summary>
public sealed class MessageTemplateProcessor(string field, string prefix, string target, bool overwrite) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var prefix = o.GetString("properties_prefix") ?? string.Empty;
        return new MessageTemplateProcessor(o.RequireString("field"), prefix.Length == 0 || prefix.EndsWith('.') ? prefix : prefix + ".", o.GetString("target_field") ?? EcsFields.Message, o.GetBool("override", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (!overwrite && document.Contains(target))
        {
            return StepResult.Ok;
        }

        if (document.GetString(field) is not { } template)
        {
            return StepResult.Fail($"field [{field}] not present");
        }

        var sb = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                sb.Append(c);
                continue;
            }

            var hole = template.AsSpan(i + 1, close - i - 1);
            var name = hole.TrimStart("@$");
            var cut = name.IndexOfAny(':', ',');
            if (cut >= 0)
            {
                name = name[..cut];
            }

            var key = string.Concat(prefix, name);
            if (document.GetString(key) is { } value)
            {
                sb.Append(value);
            }
            else if (Nested(document, key) is { } nested)
            {
                sb.Append(nested);
            }
            else
            {
                sb.Append(template, i, close - i + 1);
            }

            i = close;
        }

        document.Set(target, sb.ToString());
        return StepResult.Ok;
    }

    /// <summary>A structured property (flattened to <c>Position.Latitude</c>, …) rendered as Serilog does: <c>{ Latitude: 25, Longitude: 134 }</c>.</summary>
    private static string? Nested(EcsDocument document, string key)
    {
        var start = key + ".";
        var parts = document.Fields.Where(f => f.Key.StartsWith(start, StringComparison.Ordinal))
            .Select(f => $"{f.Key[start.Length..]}: {document.GetString(f.Key)}")
            .ToList();
        return parts.Count == 0 ? null : "{ " + string.Join(", ", parts) + " }";
    }
}
