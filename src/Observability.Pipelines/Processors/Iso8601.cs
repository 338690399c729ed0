namespace Observability.Pipelines.Processors;

/// <summary>
/// A fast parser for the ISO 8601 timestamps logs almost always carry (<c>2026-11-26T08:00:00.123Z</c>,
/// <c>2026-11-26 08:00:00,123+01:00</c>): no allocation, no culture lookup. Anything else returns false
/// and the caller falls back to the general parser.
/// </summary>
public static class Iso8601
{
    public static bool TryParse(ReadOnlySpan<char> s, TimeSpan defaultOffset, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var pos = 19;
        long ticks = 0;
        if (pos < s.Length && (s[pos] == '.' || s[pos] == ','))
        {
            pos++;
            var digits = 0;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                if (digits < 7)
                {
                    ticks = (ticks * 10) + (s[pos] - '0');
                    digits++;
                }

                pos++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (var i = digits; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        var offset = defaultOffset;
        if (pos < s.Length)
        {
            var c = s[pos];
            if (c is 'Z' or 'z' && pos == s.Length - 1)
            {
                offset = TimeSpan.Zero;
            }
            else if (c is '+' or '-')
            {
                var rest = s[(pos + 1)..];
                int oh, om = 0;
                if (rest.Length == 5 && rest[2] == ':' && Digits(rest, 0, 2, out oh) && Digits(rest, 3, 2, out om))
                {
                }
                else if (rest.Length == 4 && Digits(rest, 0, 2, out oh) && Digits(rest, 2, 2, out om))
                {
                }
                else if (rest.Length == 2 && Digits(rest, 0, 2, out oh))
                {
                }
                else
                {
                    return false;
                }

                if (oh > 14 || om > 59)
                {
                    return false;
                }

                offset = new TimeSpan(oh, om, 0);
                if (c == '-')
                {
                    offset = -offset;
                }
            }
            else
            {
                return false;
            }
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }
}
