using System.Text;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// Splits a log line into tokens and masks the variable parts before template mining: numbers (with
/// units, <c>12.5ms</c>, <c>80GiB</c>), IP addresses and ports, hex values and ids, UUIDs, timestamps.
/// Digit runs are masked wherever they are (<c>ib0</c> → <c>ib&lt;*&gt;</c>, <c>node-07</c> → <c>node-&lt;*&gt;</c>: device,
/// node and rank numbers are variables far more often than not), except when letters follow them
/// (<c>3rd</c>, <c>2xlarge</c>); in <c>key=value</c> only the value is
/// masked; a token that is nothing but masked parts and separators becomes one <c>&lt;*&gt;</c>.
/// Hand-written rather than regular expressions because it runs on every event.
/// </summary>
public static class TokenMasker
{
    public const string Wildcard = "<*>";

    public static string[] Tokenize(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Mask(parts[i]);
        }

        return parts;
    }

    public static string Mask(string token)
    {
        if (!token.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return token;
        }

        var eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && eq < token.Length - 1)
        {
            var value = Mask(token[(eq + 1)..]);
            return value == Wildcard ? string.Concat(token.AsSpan(0, eq + 1), Wildcard) : string.Concat(token.AsSpan(0, eq + 1), value);
        }

        if (IsHexId(token) || Processors.Iso8601.TryParse(token, TimeSpan.Zero, out _))
        {
            return Wildcard;
        }

        var sb = new StringBuilder(token.Length);
        var i = 0;
        var onlyMasked = true;
        while (i < token.Length)
        {
            var c = token[i];
            if (char.IsAsciiDigit(c))
            {
                var j = i;
                while (j < token.Length && (char.IsAsciiDigit(token[j]) || (token[j] == '.' && j + 1 < token.Length && char.IsAsciiDigit(token[j + 1]))))
                {
                    j++;
                }

                // A unit right after the number (12ms, 80GiB, 85C, 3x) belongs to the value.
                var k = j;
                while (k < token.Length && k - j < 4 && (char.IsAsciiLetter(token[k]) || token[k] == '%'))
                {
                    k++;
                }

                if (k == token.Length || !char.IsAsciiLetterOrDigit(token[k]))
                {
                    j = k;
                }
                else if (j < token.Length && char.IsAsciiLetter(token[j]))
                {
                    // Digits glued to a longer word (3rd, 2xlarge): keep as text.
                    sb.Append(token, i, j - i);
                    i = j;
                    onlyMasked = false;
                    continue;
                }

                sb.Append(Wildcard);
                i = j;
                continue;
            }

            if (!IsSeparator(c))
            {
                onlyMasked = false;
            }

            sb.Append(c);
            i++;
        }

        return onlyMasked ? Wildcard : sb.ToString();
    }

    private static bool IsSeparator(char c) => c is '.' or ':' or '-' or '/' or ',' or '_' or '+' or '#' or '(' or ')' or '[' or ']' or '<' or '>' or '*' or '"' or '\'' or ';' or '@';

    /// <summary>0x-prefixed hex, UUIDs, and runs of 8+ hex digits that mix digits and letters (hashes, ids).</summary>
    private static bool IsHexId(string token)
    {
        var s = token.AsSpan().Trim("()[]<>,;:\"'");
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && s.Length > 2 && IsHex(s[2..]))
        {
            return true;
        }

        var hex = 0;
        var letters = false;
        foreach (var c in s)
        {
            if (char.IsAsciiHexDigit(c))
            {
                hex++;
                letters |= char.IsAsciiLetter(c);
            }
            else if (c != '-')
            {
                return false;
            }
        }

        return hex >= 8 && letters;
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
