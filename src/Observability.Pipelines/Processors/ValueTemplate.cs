using System.Text;
using Observability.Core.Documents;

namespace Observability.Pipelines.Processors;

/// <summary>
/// A string with <c>{{field}}</c> (or <c>{{{field}}}</c>) references, parsed once. A missing field renders empty.
/// </summary>
public sealed class ValueTemplate
{
    private readonly (string Text, bool IsField)[] _parts;

    private ValueTemplate((string, bool)[] parts) => _parts = parts;

    public bool IsConstant => _parts.Length <= 1 && (_parts.Length == 0 || !_parts[0].IsField);

    public static ValueTemplate Parse(string template)
    {
        var parts = new List<(string, bool)>();
        var pos = 0;
        while (pos < template.Length)
        {
            var open = template.IndexOf("{{", pos, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((template[pos..], false));
                break;
            }

            if (open > pos)
            {
                parts.Add((template[pos..open], false));
            }

            var triple = open + 2 < template.Length && template[open + 2] == '{';
            var start = open + (triple ? 3 : 2);
            var close = template.IndexOf(triple ? "}}}" : "}}", start, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"unterminated '{{{{' in template '{template}'");
            }

            parts.Add((template[start..close].Trim(), true));
            pos = close + (triple ? 3 : 2);
        }

        return new ValueTemplate([.. parts]);
    }

    public string Render(EcsDocument document)
    {
        if (_parts.Length == 1)
        {
            var (text, isField) = _parts[0];
            return isField ? document.GetString(text) ?? string.Empty : text;
        }

        var sb = new StringBuilder();
        foreach (var (text, isField) in _parts)
        {
            sb.Append(isField ? document.GetString(text) : text);
        }

        return sb.ToString();
    }
}
