using System.Text;
using System.Text.RegularExpressions;

namespace Observability.Pipelines.Grok;

/// <summary>
/// Compiles a grok expression (<c>%{SYSLOGTIMESTAMP:timestamp} %{WORD:x:int}</c>) to one .NET <see cref="Regex"/>
/// with a named group per capture. Semantic captures inside library patterns are kept (as Logstash and
/// Elasticsearch do), <c>[a][b]</c> field names become ECS dotted names, Oniguruma's POSIX bracket classes
/// and Ruby's <c>(?m)</c> (dot matches newline) are translated to their .NET forms.
/// </summary>
public static class GrokCompiler
{
    private static string Posix(string name) => name switch
    {
        "alnum" => "a-zA-Z0-9",
        "alpha" => "a-zA-Z",
        "digit" => "0-9",
        "xdigit" => "0-9A-Fa-f",
        "upper" => "A-Z",
        "lower" => "a-z",
        "space" => "\\s",
        "word" => "\\w",
        "punct" => "!-/:-@\\[-`{-~",
        "blank" => " \\t",
        "cntrl" => "\\x00-\\x1f\\x7f",
        _ => throw new FormatException($"unknown POSIX class [:{name}:]"),
    };

    /// <summary>Long enough never to cut off an honest match, short enough that catastrophic backtracking cannot stall the indexer.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromSeconds(1);

    // Compiled regexes are immutable and thread-safe: pipelines that use the same expression share one
    // (compiling and JIT-ing a large one costs far more than matching).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, TimeSpan, bool), Regex> Cache = new();

    /// <param name="compiled">
    /// <see cref="RegexOptions.Compiled"/> (the default, for pipelines); false interprets the same expression,
    /// with the same results, for one-off use where compiling would cost more than it saves.
    /// </param>
    public static GrokExpression Compile(string pattern, GrokPatternLibrary library, TimeSpan? matchTimeout = null, bool compiled = true)
    {
        var captures = new List<(string Group, string Field, GrokValueType Type)>();
        var expanded = Expand(pattern, library, captures, new Stack<string>());
        expanded = expanded.Replace("(?m)", "(?s)", StringComparison.Ordinal);
        Regex regex;
        try
        {
            var timeout = matchTimeout ?? DefaultMatchTimeout;
            regex = Cache.GetOrAdd((expanded, timeout, compiled), static key =>
            {
                var (text, timeout, compiled) = key;
                var r = new Regex(text, (compiled ? RegexOptions.Compiled : RegexOptions.None) | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, timeout);
                if (compiled)
                {
                    WarmUp(r);
                }

                return r;
            });
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"grok expression '{pattern}' is not a valid regular expression: {e.Message}", e);
        }

        var list = captures.Select(c => new GrokCapture(regex.GroupNumberFromName(c.Group), c.Group, string.Intern(c.Field), c.Type)).ToList();
        return new GrokExpression(pattern, regex, list);
    }

    private static string Expand(string pattern, GrokPatternLibrary library, List<(string, string, GrokValueType)> captures, Stack<string> active)
    {
        var sb = new StringBuilder(pattern.Length * 2);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                // Oniguruma POSIX classes: [:alnum:] inside a class, or the nested class [[:alnum:]] inside another.
                if (c == '[' && pattern.AsSpan(i).StartsWith("[[:", StringComparison.Ordinal))
                {
                    var close = pattern.IndexOf(":]]", i + 3, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        sb.Append(Posix(pattern[(i + 3)..close]));
                        i = close + 2;
                        continue;
                    }
                }

                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        sb.Append(Posix(pattern[(i + 2)..close]));
                        i = close + 1;
                        continue;
                    }
                }

                inClass = c != ']';
                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    sb.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    sb.Append(']');
                    i++;
                }

                continue;
            }

            if (c == '%' && i + 1 < pattern.Length && pattern[i + 1] == '{')
            {
                var end = pattern.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw new FormatException($"unterminated %{{ in grok expression '{pattern}'");
                }

                sb.Append(Reference(pattern[(i + 2)..end], library, captures, active));
                i = end;
                continue;
            }

            if (c == '(' && i + 3 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == '<' && pattern[i + 3] is not ('=' or '!'))
            {
                var end = pattern.IndexOf('>', i + 3);
                if (end < 0)
                {
                    throw new FormatException($"unterminated named group in grok expression '{pattern}'");
                }

                var group = "g" + captures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                captures.Add((group, FieldName(pattern[(i + 3)..end]), GrokValueType.String));
                sb.Append("(?<").Append(group).Append('>');
                i = end;
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static readonly string[] WarmUpInputs = MakeWarmUpInputs();

    /// <summary>
    /// Runs the matcher on inputs starting with every printable character so that its compiled code is
    /// JIT-compiled now, at load time: a large expression (IPV6 inlined a few times) can take longer to
    /// compile than the match timeout, which would otherwise fail the first events.
    /// </summary>
    private static void WarmUp(Regex regex)
    {
        foreach (var input in WarmUpInputs)
        {
            try
            {
                regex.IsMatch(input);
            }
            catch (RegexMatchTimeoutException)
            {
                // Compilation happened; only the warm-up match ran out of time.
            }
        }
    }

    private static string[] MakeWarmUpInputs()
    {
        var all = new string(Enumerable.Range(32, 95).Select(c => (char)c).ToArray());
        return Enumerable.Range(0, all.Length).Select(i => all[i] + all).ToArray();
    }

    private static string Reference(string body, GrokPatternLibrary library, List<(string, string, GrokValueType)> captures, Stack<string> active)
    {
        var parts = body.Split(':', 3);
        var name = parts[0];
        if (!library.TryGet(name, out var definition))
        {
            throw new FormatException($"unknown grok pattern %{{{name}}}");
        }

        if (active.Contains(name))
        {
            throw new FormatException($"grok pattern %{{{name}}} refers to itself ({string.Join(" -> ", active.Reverse())} -> {name})");
        }

        string? group = null;
        if (parts.Length > 1 && parts[1].Length > 0)
        {
            var type = parts.Length > 2 ? ParseType(parts[2]) : GrokValueType.String;
            group = "g" + captures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            captures.Add((group, FieldName(parts[1]), type));
        }

        active.Push(name);
        var inner = Expand(definition, library, captures, active);
        active.Pop();
        return group is null ? "(?:" + inner + ")" : "(?<" + group + ">" + inner + ")";
    }

    private static GrokValueType ParseType(string type) => type switch
    {
        "int" or "long" => GrokValueType.Long,
        "float" or "double" => GrokValueType.Double,
        "boolean" or "bool" => GrokValueType.Boolean,
        "string" => GrokValueType.String,
        _ => throw new FormatException($"unknown grok capture type ':{type}' (int, long, float, double, boolean, string)"),
    };

    /// <summary>Logstash field references <c>[process][pid]</c> become ECS dotted names <c>process.pid</c>.</summary>
    internal static string FieldName(string name)
    {
        if (name.Length > 0 && name[0] == '[')
        {
            return name.Trim('[', ']').Replace("][", ".", StringComparison.Ordinal);
        }

        return name;
    }
}
