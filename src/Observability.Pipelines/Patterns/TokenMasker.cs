using System.Text;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// Splits a log message into tokens and masks the variable parts before template mining. Within a token, each
/// run of letters and digits between separators is looked at: a run of hex digits with a digit in it
/// (<c>0x7f3a</c>, <c>bf67744f</c>, UUID parts, block numbers) is a variable, as is a byte of hex letters
/// between colons (<c>PCI:0000:ab:00</c>); in other runs the digits are
/// (<c>ib0</c> → <c>ib&lt;*&gt;</c>, <c>node-07</c> → <c>node-&lt;*&gt;</c>) with a unit glued to them (<c>12.5ms</c>,
/// <c>80GiB</c>), except when a longer word follows the digits (<c>3rd</c>, <c>2xlarge</c>). In <c>key=value</c>
/// only the value is masked; a token that is nothing but masked parts and separators becomes one <c>&lt;*&gt;</c>.
/// Across tokens: a quoted string of several words is one token, a unit word after a masked number joins it
/// (<c>12 ms</c>, <c>1.5 KB,</c>, <c>&lt;1 sec</c>), and a run of masked tokens is one <c>&lt;*&gt;</c> (a list of
/// addresses is one parameter however long it is). Hand-written rather than regular expressions because it
/// runs on every event.
/// </summary>
public static class TokenMasker
{
    public const string Wildcard = "<*>";

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "ns", "us", "µs", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days",
        "B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "kB", "K", "M", "G", "%",
    };

    public static string[] Tokenize(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<string>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var quote = part.IndexOf('"', StringComparison.Ordinal);
            if (quote >= 0 && part.IndexOf('"', quote + 1) < 0)
            {
                // A quoted string of several words (tag="View Lock",) is one value.
                var close = i + 1;
                while (close < parts.Length && close - i < 8 && !parts[close].Contains('"', StringComparison.Ordinal))
                {
                    close++;
                }

                if (close < parts.Length && close - i < 8)
                {
                    part = string.Join(' ', parts, i, close - i + 1);
                    i = close;
                }
            }

            var masked = Mask(part);
            if (tokens.Count > 0 && tokens[^1] == Wildcard)
            {
                if (masked == Wildcard)
                {
                    continue;
                }

                var unit = masked.AsSpan().TrimEnd(",;)");
                if (unit.Length > 0 && Units.GetAlternateLookup<ReadOnlySpan<char>>().Contains(unit))
                {
                    tokens[^1] = unit.Length == masked.Length ? Wildcard : Wildcard + masked[unit.Length..];
                    continue;
                }
            }

            tokens.Add(masked);
        }

        return [.. tokens];
    }

    public static string Mask(string token)
    {
        if (!token.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return token;
        }

        var eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && eq < token.Length - 1 && !token.AsSpan(0, eq).ContainsAnyInRange('0', '9'))
        {
            var value = Mask(token[(eq + 1)..]);
            return value == Wildcard ? string.Concat(token.AsSpan(0, eq + 1), Wildcard) : string.Concat(token.AsSpan(0, eq + 1), value);
        }

        var sb = new StringBuilder(token.Length + 8);
        var i = 0;
        var onlyMasked = true;
        while (i < token.Length)
        {
            var c = token[i];
            if (!char.IsAsciiLetterOrDigit(c))
            {
                onlyMasked &= IsSeparator(c);
                sb.Append(c);
                i++;
                continue;
            }

            var end = i;
            var digit = false;
            var hex = true;
            while (end < token.Length && char.IsAsciiLetterOrDigit(token[end]))
            {
                digit |= char.IsAsciiDigit(token[end]);
                hex &= char.IsAsciiHexDigit(token[end]);
                end++;
            }

            var run = token.AsSpan(i, end - i);

            // A short run of hex letters between colons is a byte of an address (PCI:0000:ab:00, a MAC).
            var hexByte = !digit && hex && run.Length <= 2 && i > 0 && token[i - 1] == ':' && end < token.Length && token[end] is ':' or '.';
            if (hexByte || (digit && (hex || (run.Length > 2 && run[0] == '0' && run[1] is 'x' or 'X' && IsHex(run[2..])))))
            {
                // 0x-prefixed or bare hex with a digit: a number, an address, an id.
                sb.Append(Wildcard);
                i = end;

                // A decimal fraction (12.5) is one number.
                while (i + 1 < token.Length && token[i] == '.' && char.IsAsciiDigit(token[i + 1]))
                {
                    i++;
                    while (i < token.Length && char.IsAsciiDigit(token[i]))
                    {
                        i++;
                    }
                }

                i = SkipUnit(token, i);
                continue;
            }

            if (!digit)
            {
                onlyMasked = false;
                sb.Append(run);
                i = end;
                continue;
            }

            // Letters and digits mixed: mask the digit runs, keep the words.
            var j = i;
            while (j < end)
            {
                if (char.IsAsciiDigit(token[j]))
                {
                    var k = j;
                    while (k < end && char.IsAsciiDigit(token[k]))
                    {
                        k++;
                    }

                    // Digits glued to a longer word (3rd, 2xlarge) are text; a short unit (12ms, 80GiB) is the value's.
                    if (k < end && end - k > 3)
                    {
                        sb.Append(token, j, end - j);
                        onlyMasked = false;
                        j = end;
                        break;
                    }

                    sb.Append(Wildcard);
                    j = k < end && j == i && end - k <= 3 ? end : k;
                    continue;
                }

                onlyMasked = false;
                sb.Append(token[j]);
                j++;
            }

            i = end;
        }

        return onlyMasked ? Wildcard : sb.ToString();
    }

    private static int SkipUnit(string token, int i)
    {
        var k = i;
        while (k < token.Length && k - i < 4 && (char.IsAsciiLetter(token[k]) || token[k] == '%'))
        {
            k++;
        }

        return k < token.Length && char.IsAsciiLetterOrDigit(token[k]) ? i : k;
    }

    private static bool IsSeparator(char c) => !char.IsLetterOrDigit(c);

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
