using System.Globalization;
using System.Text.RegularExpressions;
using Observability.Core.Documents;

namespace Observability.Pipelines.Grok;

/// <summary>A compiled grok expression: the regex and what each of its named groups becomes.</summary>
public sealed class GrokExpression(string source, Regex regex, IReadOnlyList<GrokCapture> captures)
{
    private readonly GrokCapture[] _captures = [.. captures];

    public string Source { get; } = source;

    public Regex Regex { get; } = regex;

    public IReadOnlyList<GrokCapture> Captures => _captures;

    /// <summary>
    /// Matches <paramref name="input"/> and writes every non-empty capture to the document (empty captures
    /// are skipped, as Logstash's default <c>keep_empty_captures =&gt; false</c>). Returns null on success,
    /// <c>""</c> when the expression does not match, or the reason a typed capture could not be converted.
    /// </summary>
    public string? Apply(string input, EcsDocument document)
    {
        var match = Regex.Match(input);
        if (!match.Success)
        {
            return string.Empty;
        }

        foreach (var capture in _captures)
        {
            var group = match.Groups[capture.Group];
            if (!group.Success || group.Length == 0)
            {
                continue;
            }

            // Typed captures are parsed from the input itself; only text values become strings.
            var text = group.ValueSpan;
            switch (capture.Type)
            {
                case GrokValueType.String:
                    document.Set(capture.Field, group.Value);
                    break;
                case GrokValueType.Long when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                    document.Set(capture.Field, l);
                    break;
                case GrokValueType.Long when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var truncated):
                    document.Set(capture.Field, (long)truncated);
                    break;
                case GrokValueType.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                    document.Set(capture.Field, d);
                    break;
                case GrokValueType.Boolean when bool.TryParse(text, out var b):
                    document.Set(capture.Field, b);
                    break;
                default:
                    return $"capture [{capture.Field}] value '{Truncate(group.Value)}' is not a valid {capture.Type.ToString().ToLowerInvariant()}";
            }
        }

        return null;
    }

    private static string Truncate(string s) => s.Length <= 32 ? s : s[..32] + "…";
}
