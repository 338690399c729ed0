using System.Globalization;
using System.Text;

namespace Observability.Query.Kql;

/// <summary>Rules for field names and field-name patterns (<c>host.*</c>).</summary>
public static class KqlFieldNames
{
    public const int MaxLength = 256;

    /// <summary>
    /// A usable field name: not empty, at most <see cref="MaxLength"/> characters, no control characters.
    /// Any other character (quotes, spaces, Unicode) is allowed: translators never put names into query text.
    /// </summary>
    public static bool IsValid(string field)
    {
        if (string.IsNullOrEmpty(field) || field.Length > MaxLength)
        {
            return false;
        }

        foreach (var r in field.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.Format)
            {
                return false;
            }
        }

        return !field.Contains('\uFFFD', StringComparison.Ordinal);
    }

    /// <summary>Does <paramref name="field"/> match <paramref name="pattern"/> (<c>*</c> = any characters, dots included)?</summary>
    public static bool Matches(string pattern, string field) => Glob.IsMatch(field, pattern.Split('*'), ignoreCase: false);

    /// <summary>Fields of <paramref name="candidates"/> that <paramref name="pattern"/> names, in their order.</summary>
    public static IReadOnlyList<string> Expand(string pattern, IEnumerable<string> candidates)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return [pattern];
        }

        var segments = pattern.Split('*');
        return candidates.Where(c => Glob.IsMatch(c, segments, ignoreCase: false)).Distinct(StringComparer.Ordinal).ToList();
    }
}
