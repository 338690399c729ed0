using System.Globalization;

namespace Observability.Query.Time;

/// <summary>
/// Points in time as Kibana and Elasticsearch write them: ISO 8601 (<c>2024-05-01</c>,
/// <c>2024-05-01T12:00:00Z</c>, with offset), epoch milliseconds, or date math: <c>now</c>, <c>now-15m</c>,
/// <c>now-1d/d</c> (rounded to the day), <c>now/h</c>, <c>2024-05-01||+1M/d</c>. Units: <c>y M w d h H m s ms</c>.
/// Times without an offset are UTC.
/// </summary>
public static class TimeExpression
{
    /// <summary>Parses, rounding <c>/unit</c> down to the unit's start.</summary>
    public static DateTimeOffset Parse(string text, TimeProvider time) => Parse(text, time, roundUp: false);

    /// <summary>
    /// Parses; with <paramref name="roundUp"/>, <c>/unit</c> rounds to the unit's last millisecond, as
    /// Elasticsearch does for <c>lte</c> and <c>gt</c> bounds.
    /// </summary>
    public static DateTimeOffset Parse(string text, TimeProvider time, bool roundUp)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(time);
        if (!TryParse(text, time, roundUp, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    public static bool TryParse(string text, TimeProvider time, bool roundUp, out DateTimeOffset value, out string? error)
    {
        value = default;
        error = null;
        var s = text.Trim();
        string math;
        if (s.StartsWith("now", StringComparison.Ordinal))
        {
            value = time.GetUtcNow();
            math = s[3..];
        }
        else
        {
            var bars = s.IndexOf("||", StringComparison.Ordinal);
            var anchor = bars >= 0 ? s[..bars] : s;
            math = bars >= 0 ? s[(bars + 2)..] : string.Empty;
            if (!TryParseAnchor(anchor, out value))
            {
                error = $"'{text}' is not a time: use ISO 8601 (2024-05-01T12:00:00Z), epoch milliseconds, or now-15m, now-1d/d";
                return false;
            }
        }

        var i = 0;
        while (i < math.Length)
        {
            var op = math[i++];
            if (op == '/')
            {
                if (!TryUnit(math, ref i, out var unit) || i != math.Length)
                {
                    error = $"'{text}': expected a unit (y M w d h m s) after '/' at the end";
                    return false;
                }

                value = Round(value, unit, roundUp);
                continue;
            }

            if (op is not ('+' or '-'))
            {
                error = $"'{text}': expected '+', '-' or '/' but found '{op}'";
                return false;
            }

            var start = i;
            while (i < math.Length && char.IsAsciiDigit(math[i]))
            {
                i++;
            }

            var amount = i == start ? 1 : int.Parse(math.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (!TryUnit(math, ref i, out var u))
            {
                error = $"'{text}': expected a unit (y M w d h m s ms) after '{op}{amount}'";
                return false;
            }

            value = Add(value, u, op == '-' ? -amount : amount);
        }

        return true;
    }

    private static bool TryParseAnchor(string anchor, out DateTimeOffset value)
    {
        if (anchor.Length > 0 && anchor.All(char.IsAsciiDigit) && anchor.Length > 8 && long.TryParse(anchor, CultureInfo.InvariantCulture, out var ms))
        {
            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        return DateTimeOffset.TryParse(anchor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool TryUnit(string s, ref int i, out string unit)
    {
        unit = string.Empty;
        if (i >= s.Length)
        {
            return false;
        }

        if (i + 1 < s.Length && s[i] == 'm' && s[i + 1] == 's')
        {
            unit = "ms";
            i += 2;
            return true;
        }

        if (s[i] is 'y' or 'M' or 'w' or 'd' or 'h' or 'H' or 'm' or 's')
        {
            unit = s[i] == 'H' ? "h" : s[i].ToString();
            i++;
            return true;
        }

        return false;
    }

    private static DateTimeOffset Add(DateTimeOffset t, string unit, int n) => unit switch
    {
        "y" => t.AddYears(n),
        "M" => t.AddMonths(n),
        "w" => t.AddDays(7.0 * n),
        "d" => t.AddDays(n),
        "h" => t.AddHours(n),
        "m" => t.AddMinutes(n),
        "s" => t.AddSeconds(n),
        _ => t.AddMilliseconds(n),
    };

    private static DateTimeOffset Round(DateTimeOffset t, string unit, bool up)
    {
        var u = t.UtcDateTime;
        var start = unit switch
        {
            "y" => new DateTime(u.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            "M" => new DateTime(u.Year, u.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            "w" => u.Date.AddDays(-(((int)u.DayOfWeek + 6) % 7)),
            "d" => u.Date,
            "h" => new DateTime(u.Year, u.Month, u.Day, u.Hour, 0, 0, DateTimeKind.Utc),
            "m" => new DateTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, 0, DateTimeKind.Utc),
            "s" => new DateTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, u.Second, DateTimeKind.Utc),
            _ => new DateTime(u.Ticks - (u.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
        };
        var rounded = new DateTimeOffset(start, TimeSpan.Zero);
        return up ? Add(rounded, unit, 1).AddMilliseconds(-1) : rounded;
    }
}
