namespace Observability.Testing.Elasticsearch;

/// <summary>Elasticsearch's simple patterns (<c>*</c> any run, nothing else special): matching a name, and whether two patterns share a name.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string name) => Overlap(pattern, name);

    /// <summary>True when some string matches both patterns (a plain name is a pattern without <c>*</c>).</summary>
    public static bool Overlap(string a, string b)
    {
        var memo = new Dictionary<(int, int), bool>();
        bool Go(int i, int j)
        {
            if (memo.TryGetValue((i, j), out var known))
            {
                return known;
            }

            bool result;
            if (i == a.Length && j == b.Length)
            {
                result = true;
            }
            else if (i < a.Length && a[i] == '*')
            {
                // a's star matches nothing, or one more character of whatever b produces next.
                result = Go(i + 1, j) || (j < b.Length && (b[j] == '*' ? Go(i, j + 1) || Go(i + 1, j) : Go(i, j + 1)));
            }
            else if (j < b.Length && b[j] == '*')
            {
                result = Go(i, j + 1) || (i < a.Length && Go(i + 1, j));
            }
            else
            {
                result = i < a.Length && j < b.Length && a[i] == b[j] && Go(i + 1, j + 1);
            }

            memo[(i, j)] = result;
            return result;
        }

        return Go(0, 0);
    }
}
