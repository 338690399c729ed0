using System.Globalization;
using System.Net;
using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>convert</c>: converts <c>field</c> (or each item of an array) to <c>type</c>: integer/long, float/double,
/// boolean, string, ip (validated, kept as text) or auto; writes <c>target_field</c> (default the field itself).
/// </summary>
public sealed class ConvertProcessor(string field, string target, ConvertProcessor.TargetType type, bool ignoreMissing) : Processor
{
    public enum TargetType
    {
        Long,
        Double,
        Boolean,
        String,
        Ip,
        Auto,
    }

    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var field = o.RequireString("field");
        var typeName = o.RequireString("type");
        var type = typeName switch
        {
            "integer" or "int" or "long" => TargetType.Long,
            "float" or "double" => TargetType.Double,
            "boolean" or "bool" => TargetType.Boolean,
            "string" => TargetType.String,
            "ip" => TargetType.Ip,
            "auto" => TargetType.Auto,
            _ => throw o.Error("type", $"unknown type '{typeName}' (integer, long, float, double, boolean, string, ip, auto)"),
        };
        return new ConvertProcessor(field, o.GetString("target_field") ?? field, type, o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        var value = document[field];
        if (value is null)
        {
            return Missing(field, ignoreMissing);
        }

        if (value is IEnumerable<object?> list)
        {
            var converted = new List<object?>();
            foreach (var item in list)
            {
                if (!TryConvert(item, out var c))
                {
                    return Failure(item);
                }

                converted.Add(c);
            }

            document.Set(target, converted);
            return StepResult.Ok;
        }

        if (!TryConvert(value, out var result))
        {
            return Failure(value);
        }

        document.Set(target, result);
        return StepResult.Ok;
    }

    private StepResult Failure(object? value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        return StepResult.Fail($"field [{field}] value '{(text.Length > 32 ? text[..32] + "…" : text)}' cannot be converted to {type.ToString().ToLowerInvariant()}");
    }

    private bool TryConvert(object? value, out object? result)
    {
        result = null;
        if (value is null)
        {
            return false;
        }

        var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        switch (type)
        {
            case TargetType.Long:
                if (value is long or int)
                {
                    result = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    return true;
                }

                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    result = l;
                    return true;
                }

                if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && long.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
                {
                    result = hex;
                    return true;
                }

                return false;
            case TargetType.Double:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    result = d;
                    return true;
                }

                return false;
            case TargetType.Boolean:
                if (bool.TryParse(text, out var b))
                {
                    result = b;
                    return true;
                }

                return false;
            case TargetType.String:
                result = text;
                return true;
            case TargetType.Ip:
                result = text;
                return IPAddress.TryParse(text, out _);
            default:
                result = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var al) ? al
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ad) ? ad
                    : bool.TryParse(text, out var ab) ? ab
                    : text;
                return true;
        }
    }
}
