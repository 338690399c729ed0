using System.Globalization;

namespace Observability.Query.Time;

/// <summary>
/// Points in time as Kibana and Elasticsearch write them: ISO 8601 at any precision (<c>2026</c>, <c>2026-12-05</c>,
/// <c>2026-12-05T06</c>, <c>2026-12-05T06:30:00Z</c>, see <see cref="PartialDate"/>), epoch milliseconds (<c>0</c>), or
/// date math: <c>now</c>, <c>now-15m</c>, <c>now-1d/d</c> (rounded to the day), <c>now/h</c>, <c>2026-12-01||+1M/d</c>.
/// Units: <c>y M w d h H m s ms</c>. Times without an offset, and rounding, are in the given zone (Elasticsearch's
/// <c>time_zone</c>); <c>now</c> itself is not shifted. Results are whole milliseconds, Elasticsearch's date precision.
/// </summary>
public static class TimeExpression
{
    /// <summary>Parses in UTC, rounding down.</summary>
    public static DateTimeOffset Parse(string text, TimeProvider time) => Parse(text, time, roundUp: false);

    /// <summary>Parses in UTC; with <paramref name="roundUp"/>, as Elasticsearch resolves <c>lte</c> and <c>gt</c> bounds.</summary>
    public static DateTimeOffset Parse(string text, TimeProvider time, bool roundUp) => Parse(text, time, TimeZoneInfo.Utc, roundUp);

    /// <summary>
    /// Parses; with <paramref name="roundUp"/>, missing date parts and <c>/unit</c> round to the last millisecond, as
    /// Elasticsearch does for <c>lte</c> and <c>gt</c> bounds (see <see cref="PartialDate"/> for its rule on missing parts).
    /// </summary>
    public static DateTimeOffset Parse(string text, TimeProvider time, TimeZoneInfo zone, bool roundUp)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(time);
        if (!TryParse(text, time, zone, roundUp, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    public static bool TryParse(string text, TimeProvider time, bool roundUp, out DateTimeOffset value, out string? error) =>
        TryParse(text, time, TimeZoneInfo.Utc, roundUp, out value, out error);

    public static bool TryParse(string text, TimeProvider time, TimeZoneInfo zone, bool roundUp, out DateTimeOffset value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        value = default;
        error = null;
        var s = text.Trim();
        string math;
        if (s.StartsWith("now", StringComparison.Ordinal))
        {
            var now = time.GetUtcNow();
            value = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            math = s[3..];
        }
        else
        {
            // As Elasticsearch: missing parts of a date followed by math are filled rounding down; only '/' rounds up.
            var bars = s.IndexOf("||", StringComparison.Ordinal);
            var anchor = bars >= 0 ? s[..bars] : s;
            math = bars >= 0 ? s[(bars + 2)..] : string.Empty;
            if (!PartialDate.TryParse(anchor, zone, roundUp && bars < 0, out value, out error))
            {
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

                value = Round(value, unit, roundUp, zone);
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

            if (i - start > 9)
            {
                error = $"'{text}': the amount after '{op}' is too large";
                return false;
            }

            var amount = i == start ? 1 : int.Parse(math.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (!TryUnit(math, ref i, out var u))
            {
                error = $"'{text}': expected a unit (y M w d h m s ms) after '{op}{amount}'";
                return false;
            }

            try
            {
                value = Add(value, u, op == '-' ? -amount : amount, zone);
            }
            catch (ArgumentOutOfRangeException)
            {
                error = $"'{text}' is out of the range of dates";
                return false;
            }
        }

        return true;
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

    /// <summary>Calendar units move the wall clock of the zone (a day is 23 hours on a spring-forward day); others the instant.</summary>
    private static DateTimeOffset Add(DateTimeOffset t, string unit, int n, TimeZoneInfo zone) => unit switch
    {
        "y" => ZonedTime.ToUtc(ZonedTime.ToLocal(t, zone).AddYears(n), zone),
        "M" => ZonedTime.ToUtc(ZonedTime.ToLocal(t, zone).AddMonths(n), zone),
        "w" => ZonedTime.ToUtc(ZonedTime.ToLocal(t, zone).AddDays(7.0 * n), zone),
        "d" => ZonedTime.ToUtc(ZonedTime.ToLocal(t, zone).AddDays(n), zone),
        "h" => t.AddHours(n),
        "m" => t.AddMinutes(n),
        "s" => t.AddSeconds(n),
        _ => t.AddMilliseconds(n),
    };

    private static DateTimeOffset Round(DateTimeOffset t, string unit, bool up, TimeZoneInfo zone)
    {
        var u = ZonedTime.ToLocal(t, zone);
        var start = unit switch
        {
            "y" => new DateTime(u.Year, 1, 1),
            "M" => new DateTime(u.Year, u.Month, 1),
            "w" => u.Date.AddDays(-(((int)u.DayOfWeek + 6) % 7)),
            "d" => u.Date,
            "h" => new DateTime(u.Year, u.Month, u.Day, u.Hour, 0, 0),
            "m" => new DateTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, 0),
            "s" => new DateTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, u.Second),
            _ => new DateTime(u.Ticks - (u.Ticks % TimeSpan.TicksPerMillisecond)),
        };
        var rounded = ZonedTime.ToUtc(start, zone);
        return up ? Add(rounded, unit, 1, zone).AddMilliseconds(-1) : rounded;
    }
}
