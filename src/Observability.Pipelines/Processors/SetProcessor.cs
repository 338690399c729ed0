using System.Globalization;
using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>set</c>: sets <c>field</c> to <c>value</c> (a template with <c>{{field}}</c> references; unquoted numbers
/// and booleans keep their type) or to a copy of <c>copy_from</c>. <c>override: false</c> keeps an existing
/// value; <c>ignore_empty_value</c> skips an empty result.
/// </summary>
public sealed class SetProcessor : Processor
{
    private readonly string _field;
    private readonly object? _constant;
    private readonly ValueTemplate? _template;
    private readonly string? _copyFrom;
    private readonly bool _override;
    private readonly bool _ignoreEmpty;

    private SetProcessor(string field, object? constant, ValueTemplate? template, string? copyFrom, bool overwrite, bool ignoreEmpty)
    {
        _field = field;
        _constant = constant;
        _template = template;
        _copyFrom = copyFrom;
        _override = overwrite;
        _ignoreEmpty = ignoreEmpty;
    }

    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var field = o.RequireString("field");
        var copyFrom = o.GetString("copy_from");
        var node = o.GetNode("value");
        if ((node is null) == (copyFrom is null))
        {
            throw o.Location.Error("value", "the set processor needs exactly one of 'value' and 'copy_from'");
        }

        object? constant = null;
        ValueTemplate? template = null;
        switch (node)
        {
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: { } plain } when TryTyped(plain, out var typed):
                constant = typed;
                break;
            case YamlScalarNode s:
                try
                {
                    template = ValueTemplate.Parse(s.Value ?? string.Empty);
                }
                catch (FormatException e)
                {
                    throw o.Error("value", e.Message);
                }

                if (template.IsConstant)
                {
                    constant = template.Render(new EcsDocument());
                    template = null;
                }

                break;
            case YamlSequenceNode seq:
                constant = seq.Children.Select(c => (object?)((c as YamlScalarNode)?.Value ?? throw o.Error("value", "a list value holds plain values only"))).ToList();
                break;
            case null:
                break;
            default:
                throw o.Error("value", "expected a value, a template or a list");
        }

        return new SetProcessor(field, constant, template, copyFrom, o.GetBool("override", true), o.GetBool("ignore_empty_value", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (!_override && document.Contains(_field))
        {
            return StepResult.Ok;
        }

        object? value;
        if (_copyFrom is not null)
        {
            if (!document.TryGet(_copyFrom, out value))
            {
                return _ignoreEmpty ? StepResult.Ok : StepResult.Fail($"field [{_copyFrom}] not present");
            }
        }
        else
        {
            value = _template is not null ? _template.Render(document) : _constant;
        }

        if (_ignoreEmpty && value is null or "")
        {
            return StepResult.Ok;
        }

        document.Set(_field, value);
        return StepResult.Ok;
    }

    private static bool TryTyped(string plain, out object? value)
    {
        if (long.TryParse(plain, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }

        if (double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && plain.Any(char.IsDigit))
        {
            value = d;
            return true;
        }

        if (plain is "true" or "false")
        {
            value = plain == "true";
            return true;
        }

        value = null;
        return false;
    }
}
