using System.Text.RegularExpressions;
using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;
using Observability.Pipelines.Redaction;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>redact</c>: replaces secrets (bearer tokens, API keys, passwords in URLs, private keys, e-mail
/// addresses, values of secret-named fields) with <c>[REDACTED]</c> in <c>fields</c>, or in every field
/// when none are listed (<c>event.original</c> included). <c>patterns</c> adds the pipeline's own regular
/// expressions. Never fails.
/// </summary>
public sealed class RedactProcessor(SecretRedactor redactor, IReadOnlyCollection<string>? fields) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var fields = o.GetStringList("fields")?.ToHashSet(StringComparer.Ordinal);
        var redactor = context.Redactor;
        if (o.GetStringList("patterns") is { } extra)
        {
            var rules = new List<RedactionRule>();
            foreach (var p in extra)
            {
                try
                {
                    rules.Add(new RedactionRule("custom", new Regex(p, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), SecretPatterns.Marker));
                }
                catch (ArgumentException e)
                {
                    throw o.Error("patterns", $"'{p}' is not a valid regular expression: {e.Message}");
                }
            }

            redactor = redactor.With(rules);
        }

        return new RedactProcessor(redactor, fields);
    }

    public override StepResult Execute(EcsDocument document)
    {
        redactor.RedactDocument(document, fields);
        return StepResult.Ok;
    }
}
