namespace Observability.Query.Kql;

/// <summary>
/// Matches a whole string against literal segments separated by <c>*</c> (any run of characters), the
/// meaning SQL <c>LIKE</c> gives <c>%</c>: first segment a prefix, last a suffix, the rest in order between.
/// </summary>
public static class Glob
{
    public static bool IsMatch(string value, IReadOnlyList<string> segments, bool ignoreCase)
    {
        var cmp = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (segments.Count == 1)
        {
            return string.Equals(value, segments[0], cmp);
        }

        var first = segments[0];
        var last = segments[^1];
        if (value.Length < first.Length + last.Length || !value.StartsWith(first, cmp) || !value.EndsWith(last, cmp))
        {
            return false;
        }

        var pos = first.Length;
        var end = value.Length - last.Length;
        for (var i = 1; i < segments.Count - 1; i++)
        {
            var seg = segments[i];
            if (seg.Length == 0)
            {
                continue;
            }

            var at = value.IndexOf(seg, pos, end - pos, cmp);
            if (at < 0)
            {
                return false;
            }

            pos = at + seg.Length;
        }

        return true;
    }
}
