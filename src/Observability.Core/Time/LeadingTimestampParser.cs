namespace Observability.Core.Time;

/// <summary>
/// The time written at the start of a log line, in the common layouts:
/// <list type="bullet">
/// <item>ISO 8601 / RFC 3339 and its log variants: <c>2026-12-05T06:30:15.250Z</c>, <c>2026-12-05 06:30:15,250</c>
/// (log4j, Python), <c>2026/12/05 06:30:15</c> (nginx error log), with <c>Z</c>, <c>±HH:mm</c> or <c>±HHmm</c> or none;</item>
/// <item>syslog (RFC 3164) <c>Dec  5 06:30:15</c>, also after a <c>&lt;PRI&gt;</c>; RFC 5424 <c>&lt;34&gt;1 2026-12-05T06:30:15Z</c>;</item>
/// <item>Apache error log <c>[Sat Dec 05 06:30:15.250 2026]</c>; common log format <c>[05/Dec/2026:06:30:15 +0000]</c>;</item>
/// <item>klog/glog (Kubernetes, NCCL launchers) <c>I1205 06:30:15.250000</c>;</item>
/// <item>epoch seconds (10 digits, optional fraction) or milliseconds (13 digits).</item>
/// </list>
/// A layout without an offset is read in the given zone; one without a year takes the year that puts the time
/// closest before the read time (a December line read in January is last year's). A time after the read time is
/// refused — a line cannot have been written after it was read, so the writer's clock or zone is off, and an
/// event is never moved into the future. Only the first <see cref="MaxScan"/> characters are examined.
/// </summary>
/// <remarks>Shared by the indexer (event time of lines without a pipeline) and meant for the pattern miner's header detection.</remarks>
public static class LeadingTimestampParser
{
    public const int MaxScan = 64;

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Finds the time at the start of <paramref name="line"/>; <paramref name="length"/> is how many characters it took.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, DateTimeOffset readTime, TimeZoneInfo zone, out DateTimeOffset time, out int length)
    {
        ArgumentNullException.ThrowIfNull(zone);
        time = default;
        length = 0;
        var s = line.Length > MaxScan ? line[..MaxScan] : line;
        var i = 0;
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }

        i = SkipPriority(s, i);
        var bracket = i < s.Length && s[i] == '[';
        if (bracket)
        {
            i++;
        }

        var rest = s[i..];
        int n;
        var found = TryIso(rest, zone, out time, out n)
            || TrySyslog(rest, readTime, zone, out time, out n)
            || TryApacheError(rest, zone, out time, out n)
            || TryCommonLog(rest, out time, out n)
            || TryKlog(rest, readTime, zone, out time, out n)
            || TryEpoch(rest, out time, out n);
        if (!found || (n < rest.Length && char.IsAsciiLetterOrDigit(rest[n])) || time > readTime)
        {
            time = default;
            return false;
        }

        length = i + n + (bracket && i + n < s.Length && s[i + n] == ']' ? 1 : 0);
        return true;
    }

    /// <summary>Skips a syslog <c>&lt;PRI&gt;</c> and an RFC 5424 version ("1 ").</summary>
    private static int SkipPriority(ReadOnlySpan<char> s, int i)
    {
        if (i >= s.Length || s[i] != '<')
        {
            return i;
        }

        var j = i + 1;
        while (j < s.Length && j - i <= 3 && char.IsAsciiDigit(s[j]))
        {
            j++;
        }

        if (j == i + 1 || j >= s.Length || s[j] != '>')
        {
            return i;
        }

        j++;
        return j + 1 < s.Length && char.IsAsciiDigit(s[j]) && s[j + 1] == ' ' ? j + 2 : j;
    }

    private static bool TryIso(ReadOnlySpan<char> s, TimeZoneInfo zone, out DateTimeOffset time, out int n)
    {
        time = default;
        n = 0;
        if (s.Length < 19 || !Num(s, 0, 4, out var y) || s[4] is not ('-' or '/') || !Num(s, 5, 2, out var mo) || s[7] != s[4]
            || !Num(s, 8, 2, out var d) || s[10] is not ('T' or ' ') || !Clock(s, 11, out var h, out var mi, out var sec))
        {
            return false;
        }

        n = 19;
        var ticks = Fraction(s, ref n);
        TimeSpan? offset = null;
        if (n < s.Length && s[n] == 'Z')
        {
            offset = TimeSpan.Zero;
            n++;
        }
        else if (n + 2 < s.Length && s[n] is '+' or '-' && Num(s, n + 1, 2, out var oh))
        {
            var sign = s[n] == '-' ? -1 : 1;
            var om = 0;
            var after = n + 3;
            if (after < s.Length && s[after] == ':' && Num(s, after + 1, 2, out om))
            {
                after += 3;
            }
            else if (Num(s, after, 2, out om))
            {
                after += 2;
            }

            offset = sign * new TimeSpan(oh, om, 0);
            n = after;
        }

        return Make(y, mo, d, h, mi, sec, ticks, offset, zone, out time);
    }

    private static bool TrySyslog(ReadOnlySpan<char> s, DateTimeOffset readTime, TimeZoneInfo zone, out DateTimeOffset time, out int n)
    {
        time = default;
        n = 0;
        if (s.Length < 15 || !Month(s, 0, out var mo) || s[3] != ' ' || !Day(s, 4, out var d) || s[6] != ' ' || !Clock(s, 7, out var h, out var mi, out var sec))
        {
            return false;
        }

        n = 15;
        var ticks = Fraction(s, ref n);
        return WithoutYear(mo, d, h, mi, sec, ticks, readTime, zone, out time);
    }

    /// <summary><c>Sat Dec 05 06:30:15[.ffffff] 2026</c>.</summary>
    private static bool TryApacheError(ReadOnlySpan<char> s, TimeZoneInfo zone, out DateTimeOffset time, out int n)
    {
        time = default;
        n = 0;
        if (s.Length < 24 || !char.IsAsciiLetter(s[0]) || s[3] != ' ' || !Month(s, 4, out var mo) || s[7] != ' ' || !Day(s, 8, out var d) || s[10] != ' '
            || !Clock(s, 11, out var h, out var mi, out var sec))
        {
            return false;
        }

        n = 19;
        var ticks = Fraction(s, ref n);
        if (n + 5 > s.Length || s[n] != ' ' || !Num(s, n + 1, 4, out var y))
        {
            return false;
        }

        n += 5;
        return Make(y, mo, d, h, mi, sec, ticks, null, zone, out time);
    }

    /// <summary><c>05/Dec/2026:06:30:15 +0000</c>.</summary>
    private static bool TryCommonLog(ReadOnlySpan<char> s, out DateTimeOffset time, out int n)
    {
        time = default;
        n = 0;
        if (s.Length < 26 || !Num(s, 0, 2, out var d) || s[2] != '/' || !Month(s, 3, out var mo) || s[6] != '/' || !Num(s, 7, 4, out var y) || s[11] != ':'
            || !Clock(s, 12, out var h, out var mi, out var sec) || s[20] != ' ' || s[21] is not ('+' or '-') || !Num(s, 22, 2, out var oh) || !Num(s, 24, 2, out var om))
        {
            return false;
        }

        n = 26;
        var offset = (s[21] == '-' ? -1 : 1) * new TimeSpan(oh, om, 0);
        return Make(y, mo, d, h, mi, sec, 0, offset, TimeZoneInfo.Utc, out time);
    }

    /// <summary><c>I1205 06:30:15.250000</c>: severity, month, day, time; no year.</summary>
    private static bool TryKlog(ReadOnlySpan<char> s, DateTimeOffset readTime, TimeZoneInfo zone, out DateTimeOffset time, out int n)
    {
        time = default;
        n = 0;
        if (s.Length < 14 || s[0] is not ('I' or 'W' or 'E' or 'F') || !Num(s, 1, 2, out var mo) || !Num(s, 3, 2, out var d) || s[5] != ' '
            || !Clock(s, 6, out var h, out var mi, out var sec))
        {
            return false;
        }

        n = 14;
        var ticks = Fraction(s, ref n);
        return WithoutYear(mo, d, h, mi, sec, ticks, readTime, zone, out time);
    }

    /// <summary>Epoch seconds (10 digits, optional fraction) or milliseconds (13 digits).</summary>
    private static bool TryEpoch(ReadOnlySpan<char> s, out DateTimeOffset time, out int n)
    {
        time = default;
        n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]))
        {
            n++;
        }

        if (n == 13 && long.TryParse(s[..13], out var ms))
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        if (n != 10 || !long.TryParse(s[..10], out var seconds))
        {
            return false;
        }

        var ticks = Fraction(s, ref n);
        time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(ticks);
        return true;
    }

    private static bool WithoutYear(int mo, int d, int h, int mi, int sec, long ticks, DateTimeOffset readTime, TimeZoneInfo zone, out DateTimeOffset time)
    {
        var year = TimeZoneInfo.ConvertTime(readTime, zone).Year;
        if (!Make(year, mo, d, h, mi, sec, ticks, null, zone, out time))
        {
            // 29 February of a year that has none: last leap year's, if that is the one meant.
            return Make(year - 1, mo, d, h, mi, sec, ticks, null, zone, out time) && time <= readTime;
        }

        // Within a day after the read time it is this year's line from a clock that runs ahead (refused by the
        // caller); further ahead, it was written last year.
        return time - readTime < TimeSpan.FromDays(1) || Make(year - 1, mo, d, h, mi, sec, ticks, null, zone, out time);
    }

    private static bool Make(int y, int mo, int d, int h, int mi, int sec, long ticks, TimeSpan? offset, TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = default;
        if (y < 1970 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60)
        {
            return false;
        }

        // A leap second (":60") is the last instant of its minute.
        var local = new DateTime(y, mo, d, h, mi, Math.Min(sec, 59), DateTimeKind.Unspecified).AddTicks(sec == 60 ? TimeSpan.TicksPerSecond - 1 : ticks);
        time = offset is { } o && Math.Abs(o.TotalHours) <= 18 ? new DateTimeOffset(local, o) : new DateTimeOffset(local, zone.GetUtcOffset(local));
        time = time.ToUniversalTime();
        return true;
    }

    private static bool Clock(ReadOnlySpan<char> s, int i, out int h, out int mi, out int sec)
    {
        mi = sec = 0;
        return Num(s, i, 2, out h) && i + 8 <= s.Length && s[i + 2] == ':' && Num(s, i + 3, 2, out mi) && s[i + 5] == ':' && Num(s, i + 6, 2, out sec);
    }

    /// <summary>A fraction of a second after '.' or ',' (1 to 9 digits) as ticks; advances <paramref name="n"/> past it.</summary>
    private static long Fraction(ReadOnlySpan<char> s, ref int n)
    {
        if (n + 1 >= s.Length || s[n] is not ('.' or ',') || !char.IsAsciiDigit(s[n + 1]))
        {
            return 0;
        }

        var start = ++n;
        long value = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]) && n - start < 9)
        {
            value = (value * 10) + (s[n] - '0');
            n++;
        }

        for (var k = n - start; k < 7; k++)
        {
            value *= 10;
        }

        for (var k = n - start; k > 7; k--)
        {
            value /= 10;
        }

        return value;
    }

    private static bool Month(ReadOnlySpan<char> s, int i, out int month)
    {
        month = 0;
        if (i + 3 > s.Length)
        {
            return false;
        }

        for (var m = 0; m < Months.Length; m++)
        {
            if (s.Slice(i, 3).Equals(Months[m], StringComparison.OrdinalIgnoreCase))
            {
                month = m + 1;
                return true;
            }
        }

        return false;
    }

    /// <summary>A day of two digits, or one digit padded with a space (syslog's <c>Dec  5</c>).</summary>
    private static bool Day(ReadOnlySpan<char> s, int i, out int day)
    {
        if (i + 2 <= s.Length && s[i] == ' ' && char.IsAsciiDigit(s[i + 1]))
        {
            day = s[i + 1] - '0';
            return true;
        }

        return Num(s, i, 2, out day);
    }

    private static bool Num(ReadOnlySpan<char> s, int i, int count, out int value)
    {
        value = 0;
        if (i < 0 || i + count > s.Length)
        {
            return false;
        }

        for (var k = i; k < i + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }

            value = (value * 10) + (s[k] - '0');
        }

        return true;
    }
}
