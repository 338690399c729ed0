namespace Observability.Pipelines.Processors;

/// <summary>
/// A parsed dissect pattern: a literal prefix, then keys each followed by the literal delimiter that ends
/// it. Key modifiers as in Elasticsearch/Logstash dissect: <c>%{key-&gt;}</c> skips repeats of the following
/// delimiter (padding), <c>%{+key}</c> appends to an earlier key, <c>%{?key}</c> and <c>%{}</c> match and discard.
/// </summary>
public sealed class DissectPattern
{
    private DissectPattern(string prefix, DissectKey[] keys)
    {
        Prefix = prefix;
        Keys = keys;
    }

    public string Prefix { get; }

    public IReadOnlyList<DissectKey> Keys { get; }

    public static DissectPattern Parse(string pattern)
    {
        var keys = new List<DissectKey>();
        var pos = pattern.IndexOf("%{", StringComparison.Ordinal);
        if (pos < 0)
        {
            throw new FormatException($"dissect pattern '{pattern}' has no %{{key}}");
        }

        var prefix = pattern[..pos];
        while (pos >= 0)
        {
            var close = pattern.IndexOf('}', pos + 2);
            if (close < 0)
            {
                throw new FormatException($"unterminated %{{ in dissect pattern '{pattern}'");
            }

            var body = pattern[(pos + 2)..close];
            var next = pattern.IndexOf("%{", close + 1, StringComparison.Ordinal);
            var delimiter = next < 0 ? pattern[(close + 1)..] : pattern[(close + 1)..next];
            if (delimiter.Length == 0 && next >= 0)
            {
                throw new FormatException($"dissect keys %{{{body}}} and the next one have no delimiter between them");
            }

            keys.Add(DissectKey.Parse(body, delimiter));
            pos = next;
        }

        return new DissectPattern(prefix, [.. keys]);
    }
}

/// <summary>One <c>%{…}</c> of a dissect pattern and the delimiter that follows it.</summary>
public sealed record DissectKey(string Name, string Delimiter, bool Skip, bool Append, bool RightPadding, int AppendOrder)
{
    public static DissectKey Parse(string body, string delimiter)
    {
        var padding = body.EndsWith("->", StringComparison.Ordinal);
        if (padding)
        {
            body = body[..^2];
        }

        if (body.StartsWith('*') || body.StartsWith('&'))
        {
            throw new FormatException($"dissect reference keys (%{{{body}}}) are not supported; use kv for key/value pairs");
        }

        var skip = body.Length == 0 || body.StartsWith('?');
        var append = body.StartsWith('+');
        var name = skip || append ? body.TrimStart('?', '+') : body;
        var order = 0;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (append && slash > 0)
        {
            order = int.Parse(name.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
            name = name[..slash];
        }

        return new DissectKey(string.Intern(name), delimiter, skip, append, padding, order);
    }
}
