using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>kv</c>: splits <c>field</c> into key/value pairs. Options: <c>field_split</c> (default " ") and
/// <c>value_split</c> (default "="), literal strings or regular expressions; <c>prefix</c> or
/// <c>target_field</c> for where keys go; <c>include_keys</c>/<c>exclude_keys</c>; <c>trim_key</c>/<c>trim_value</c>
/// (characters to strip); <c>strip_brackets</c> (quotes, (), [], &lt;&gt; around values); <c>ignore_missing</c>.
/// Tokens without the value separator are skipped. Fails when the field is missing or has no pair at all.
/// </summary>
public sealed class KvProcessor : Processor
{
    private const int MaxCachedKeys = 4096;
    private static readonly System.Buffers.SearchValues<char> RegexMetacharacters = System.Buffers.SearchValues.Create(@"\^$.|?*+()[]{}");

    private readonly string _field;
    private readonly string _fieldSplit;
    private readonly string _valueSplit;
    private readonly Regex? _fieldSplitRegex;
    private readonly Regex? _valueSplitRegex;
    private readonly string _prefix;
    private readonly HashSet<string>? _include;
    private readonly HashSet<string>? _exclude;
    private readonly char[]? _trimKey;
    private readonly char[]? _trimValue;
    private readonly bool _stripBrackets;
    private readonly bool _ignoreMissing;
    private readonly string _noPairs;
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;

    private KvProcessor(ProcessorOptions o)
    {
        _field = o.GetString("field") ?? EcsFields.Message;
        (_fieldSplit, _fieldSplitRegex) = Splitter(o, "field_split", " ");
        (_valueSplit, _valueSplitRegex) = Splitter(o, "value_split", "=");
        var target = o.GetString("target_field");
        _prefix = o.GetString("prefix") ?? (target is null ? string.Empty : target + ".");
        _include = o.GetStringList("include_keys")?.ToHashSet(StringComparer.Ordinal);
        _exclude = o.GetStringList("exclude_keys")?.ToHashSet(StringComparer.Ordinal);
        _trimKey = o.GetString("trim_key")?.ToCharArray();
        _trimValue = o.GetString("trim_value")?.ToCharArray();
        _stripBrackets = o.GetBool("strip_brackets", false);
        _ignoreMissing = o.GetBool("ignore_missing", false);
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _noPairs = $"no key/value pairs found in field [{_field}]";
    }

    public static Processor Create(ProcessorOptions o, ProcessorContext context) => new KvProcessor(o);

    public override StepResult Execute(EcsDocument document)
    {
        if (document.GetString(_field) is not { } text)
        {
            return Missing(_field, _ignoreMissing);
        }

        var found = 0;
        if (_fieldSplitRegex is null)
        {
            var rest = text.AsSpan();
            while (!rest.IsEmpty)
            {
                var at = rest.IndexOf(_fieldSplit, StringComparison.Ordinal);
                var token = at < 0 ? rest : rest[..at];
                found += Pair(document, token);
                rest = at < 0 ? default : rest[(at + _fieldSplit.Length)..];
            }
        }
        else
        {
            foreach (var range in _fieldSplitRegex.EnumerateSplits(text))
            {
                found += Pair(document, text.AsSpan(range));
            }
        }

        return found > 0 ? StepResult.Ok : StepResult.Fail(_noPairs);
    }

    private int Pair(EcsDocument document, ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return 0;
        }

        int at, length;
        if (_valueSplitRegex is null)
        {
            at = token.IndexOf(_valueSplit, StringComparison.Ordinal);
            length = _valueSplit.Length;
        }
        else
        {
            var e = _valueSplitRegex.EnumerateMatches(token);
            if (!e.MoveNext())
            {
                return 0;
            }

            at = e.Current.Index;
            length = e.Current.Length;
        }

        if (at <= 0)
        {
            return 0;
        }

        var key = token[..at];
        var value = token[(at + length)..];
        if (_trimKey is not null)
        {
            key = key.Trim(_trimKey);
        }

        if (_trimValue is not null)
        {
            value = value.Trim(_trimValue);
        }

        if (_stripBrackets)
        {
            value = StripBrackets(value);
        }

        if (key.IsEmpty)
        {
            return 0;
        }

        var name = Name(key);
        if (name is null)
        {
            return 0;
        }

        document.Set(name, value.ToString());
        return 1;
    }

    private string? Name(ReadOnlySpan<char> key)
    {
        if (_nameLookup.TryGetValue(key, out var cached))
        {
            return cached.Length == 0 ? null : cached;
        }

        var k = key.ToString();
        var allowed = (_include is null || _include.Contains(k)) && (_exclude is null || !_exclude.Contains(k));
        var name = allowed ? _prefix + k : string.Empty;
        if (_names.Count < MaxCachedKeys)
        {
            // Interned only when cached, so that endless distinct keys cannot grow the intern pool.
            name = string.Intern(name);
            _names.TryAdd(k, name);
        }

        return allowed ? name : null;
    }

    private static ReadOnlySpan<char> StripBrackets(ReadOnlySpan<char> v)
    {
        if (v.Length >= 2 && (v[0], v[^1]) is ('"', '"') or ('\'', '\'') or ('(', ')') or ('[', ']') or ('<', '>'))
        {
            return v[1..^1];
        }

        return v;
    }

    private static (string Literal, Regex? Regex) Splitter(ProcessorOptions o, string key, string defaultValue)
    {
        var value = o.GetString(key) ?? defaultValue;
        if (value.Length == 0)
        {
            throw o.Error(key, "must not be empty");
        }

        if (value.AsSpan().IndexOfAny(RegexMetacharacters) < 0)
        {
            return (value, null);
        }

        try
        {
            return (value, new Regex(value, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException e)
        {
            throw o.Error(key, $"not a valid regular expression: {e.Message}");
        }
    }
}
