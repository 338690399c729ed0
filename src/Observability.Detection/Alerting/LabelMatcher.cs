using System.Text.RegularExpressions;

namespace Observability.Detection.Alerting;

/// <summary>
/// An Alertmanager label matcher: <c>name=value</c>, <c>name!=value</c>, <c>name=~regex</c>, <c>name!~regex</c>
/// (regexes fully anchored; a missing label matches as the empty string).
/// </summary>
public sealed class LabelMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Regex? _regex;

    public LabelMatcher(string name, MatchOperator op, string value)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("a matcher needs a label name", nameof(name));
        }

        Name = name;
        Operator = op;
        Value = value;
        if (op is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            try
            {
                _regex = new Regex($"^(?:{value})$", RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"matcher {name}: invalid regular expression '{value}': {e.Message}", e);
            }
        }
    }

    public string Name { get; }

    public MatchOperator Operator { get; }

    public string Value { get; }

    public bool Matches(LabelSet labels)
    {
        var actual = labels[Name] ?? string.Empty;
        return Operator switch
        {
            MatchOperator.Equal => actual == Value,
            MatchOperator.NotEqual => actual != Value,
            MatchOperator.Regex => _regex!.IsMatch(actual),
            MatchOperator.NotRegex => !_regex!.IsMatch(actual),
            _ => false,
        };
    }

    /// <summary>Parses <c>name=value</c>, <c>name!=value</c>, <c>name=~re</c>, <c>name!~re</c>; the value may be double-quoted.</summary>
    public static LabelMatcher Parse(string text)
    {
        var t = text.Trim();
        var i = t.IndexOfAny(['=', '!']);
        if (i <= 0)
        {
            throw new FormatException($"invalid matcher '{text}': expected name=value, name!=value, name=~regex or name!~regex");
        }

        var name = t[..i].Trim();
        var rest = t[i..];
        (MatchOperator op, int len) = rest switch
        {
            _ when rest.StartsWith("=~", StringComparison.Ordinal) => (MatchOperator.Regex, 2),
            _ when rest.StartsWith("!~", StringComparison.Ordinal) => (MatchOperator.NotRegex, 2),
            _ when rest.StartsWith("!=", StringComparison.Ordinal) => (MatchOperator.NotEqual, 2),
            _ when rest.StartsWith('=') => (MatchOperator.Equal, 1),
            _ => throw new FormatException($"invalid matcher '{text}': unknown operator"),
        };
        var value = rest[len..].Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
        }

        return new LabelMatcher(name, op, value);
    }

    public override string ToString() => $"{Name}{Operator switch { MatchOperator.Equal => "=", MatchOperator.NotEqual => "!=", MatchOperator.Regex => "=~", _ => "!~" }}\"{Value}\"";
}
