using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>dissect</c>: splits a field by literal delimiters (no regular expressions, so it is the fastest way to
/// take apart a fixed layout). Options: <c>field</c> (default <c>message</c>), <c>pattern</c>,
/// <c>append_separator</c> (default " "), <c>ignore_missing</c>. Fails when the value does not fit the pattern;
/// then no field is written.
/// </summary>
public sealed class DissectProcessor(string field, DissectPattern pattern, string appendSeparator, bool ignoreMissing) : Processor
{
    private readonly DissectKey[] _keys = [.. pattern.Keys];
    private readonly bool _hasAppend = pattern.Keys.Any(k => k.Append);
    private readonly string _noMatch = $"unable to find match for dissect pattern [{pattern.Prefix}…] against field [{field}]";

    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        DissectPattern pattern;
        try
        {
            pattern = DissectPattern.Parse(o.RequireString("pattern"));
        }
        catch (FormatException e)
        {
            throw o.Error("pattern", e.Message);
        }

        return new DissectProcessor(o.GetString("field") ?? EcsFields.Message, pattern, o.GetString("append_separator") ?? " ", o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (document.GetString(field) is not { } value)
        {
            return Missing(field, ignoreMissing);
        }

        if (!value.StartsWith(pattern.Prefix, StringComparison.Ordinal))
        {
            return NoMatch();
        }

        // Find every boundary first so that a value that does not fit writes nothing.
        Span<int> starts = _keys.Length <= 32 ? stackalloc int[_keys.Length] : new int[_keys.Length];
        Span<int> ends = _keys.Length <= 32 ? stackalloc int[_keys.Length] : new int[_keys.Length];
        var pos = pattern.Prefix.Length;
        for (var i = 0; i < _keys.Length; i++)
        {
            var key = _keys[i];
            starts[i] = pos;
            if (key.Delimiter.Length == 0)
            {
                ends[i] = value.Length;
                pos = value.Length;
                continue;
            }

            var at = value.IndexOf(key.Delimiter, pos, StringComparison.Ordinal);
            if (at < 0)
            {
                return NoMatch();
            }

            ends[i] = at;
            pos = at + key.Delimiter.Length;
            if (key.RightPadding)
            {
                while (string.CompareOrdinal(value, pos, key.Delimiter, 0, key.Delimiter.Length) == 0)
                {
                    pos += key.Delimiter.Length;
                }
            }
        }

        if (_hasAppend)
        {
            WriteWithAppends(document, value, starts, ends);
            return StepResult.Ok;
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            if (!_keys[i].Skip)
            {
                document.Set(_keys[i].Name, value[starts[i]..ends[i]]);
            }
        }

        return StepResult.Ok;
    }

    private void WriteWithAppends(EcsDocument document, string value, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        var parts = new Dictionary<string, List<(int Order, int Index, string Text)>>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Length; i++)
        {
            var key = _keys[i];
            if (key.Skip)
            {
                continue;
            }

            if (!parts.TryGetValue(key.Name, out var list))
            {
                parts[key.Name] = list = [];
            }

            list.Add((key.AppendOrder, i, value[starts[i]..ends[i]]));
        }

        foreach (var (name, list) in parts)
        {
            document.Set(name, string.Join(appendSeparator, list.OrderBy(p => p.Order).ThenBy(p => p.Index).Select(p => p.Text)));
        }
    }

    private StepResult NoMatch() => StepResult.Fail(_noMatch);
}
