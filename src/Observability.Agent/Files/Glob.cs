using System.Text;
using System.Text.RegularExpressions;

namespace Observability.Agent.Files;

/// <summary>
/// A path glob: <c>*</c> and <c>?</c> within one segment, <c>[abc]</c>/<c>[!abc]</c> classes, <c>**</c> for any
/// number of directories. Patterns are made absolute; <see cref="BaseDirectory"/> is the longest literal prefix,
/// the directory a scan starts from.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = Path.GetFullPath(pattern);
        var segments = Pattern.Split('/');
        var literal = 0;
        while (literal < segments.Length - 1 && !HasWildcard(segments[literal]))
        {
            literal++;
        }

        BaseDirectory = literal <= 1 ? "/" : string.Join('/', segments[..literal]);
        var rest = segments[literal..];
        Recursive = rest.Any(s => s == "**");
        MaxDepth = Recursive ? int.MaxValue : rest.Length - 1;
        _regex = new Regex(ToRegex(Pattern), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Pattern { get; }

    public string BaseDirectory { get; }

    public bool Recursive { get; }

    /// <summary>How many directory levels below <see cref="BaseDirectory"/> can hold a match.</summary>
    public int MaxDepth { get; }

    public bool IsMatch(string fullPath) => _regex.IsMatch(fullPath);

    public static bool HasWildcard(string s) => s.AsSpan().IndexOfAny("*?[") >= 0;

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    // "/**/" matches one slash or any directories between; a trailing "**" matches everything below.
                    var slashAfter = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                    i += slashAfter ? 2 : 1;
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var body = pattern[(i + 1)..close];
                    var negate = body.StartsWith('!') || body.StartsWith('^');
                    if (negate)
                    {
                        body = body[1..];
                    }

                    sb.Append('[').Append(negate ? "^/" : string.Empty).Append(body.Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.Append('$').ToString();
    }
}
