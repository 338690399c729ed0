using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;
using Observability.Pipelines.Grok;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>grok</c>: matches a field against one or more grok expressions (first match wins) and writes the
/// named captures. Options: <c>field</c> (default <c>message</c>), <c>patterns</c>, <c>pattern_definitions</c>,
/// <c>ignore_missing</c>.
/// </summary>
public sealed class GrokProcessor : Processor
{
    private readonly string _field;
    private readonly GrokExpression[] _expressions;
    private readonly bool _ignoreMissing;
    // Built once: a grok that often does not match (a classifier with ignore_failure) fails on most events.
    private readonly string _noMatch;

    public GrokProcessor(string field, IReadOnlyList<GrokExpression> expressions, bool ignoreMissing)
    {
        _field = field;
        _expressions = [.. expressions];
        _ignoreMissing = ignoreMissing;
        _noMatch = $"provided grok expressions do not match field value of [{field}]";
    }

    public IReadOnlyList<GrokExpression> Expressions => _expressions;

    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var field = o.GetString("field") ?? EcsFields.Message;
        var patterns = o.GetStringList("patterns") ?? o.GetStringList("pattern") ?? throw o.Missing("patterns");
        var library = context.Grok.With(o.GetStringMap("pattern_definitions"));
        var expressions = new List<GrokExpression>(patterns.Count);
        foreach (var p in patterns)
        {
            try
            {
                expressions.Add(GrokCompiler.Compile(p, library));
            }
            catch (FormatException e)
            {
                throw o.Error("patterns", e.Message);
            }
        }

        return new GrokProcessor(field, expressions, o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (document.GetString(_field) is not { } value)
        {
            return Missing(_field, _ignoreMissing);
        }

        foreach (var expression in _expressions)
        {
            var error = expression.Apply(value, document);
            if (error is null)
            {
                return StepResult.Ok;
            }

            if (error.Length > 0)
            {
                return StepResult.Fail(error);
            }
        }

        return StepResult.Fail(_noMatch);
    }
}
