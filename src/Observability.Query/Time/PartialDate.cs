using System.Globalization;

namespace Observability.Query.Time;

/// <summary>
/// A date as Elasticsearch's <c>strict_date_optional_time||epoch_millis</c> reads it: <c>yyyy[-MM[-dd[THH[:mm[:ss[.fff]]]][offset]]]]</c>
/// (a fraction may use <c>,</c>; the offset is <c>Z</c>, <c>±HH</c>, <c>±HHmm</c> or <c>±HH:mm</c>) or epoch milliseconds
/// (digits other than a four-digit year, so <c>0</c> is 1970-01-01T00:00:00Z and <c>2026</c> is the year).
/// Missing parts are filled as Elasticsearch fills them for range bounds: rounding down with the first instant,
/// rounding up (<c>gt</c>, <c>lte</c>) with month 01, day 01, 23:59:59.999 — its documented "missing date
/// components" rule, so <c>2026-12-05</c> rounds up to the day's last millisecond but <c>2026-12</c> to
/// 2026-12-01T23:59:59.999.
/// </summary>
internal static class PartialDate
{
    public static bool TryParse(string s, TimeZoneInfo zone, bool roundUp, out DateTimeOffset value, out string? error)
    {
        value = default;
        error = null;
        if (s.Length > 0 && IsEpochMillis(s))
        {
            if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) || ms < -62_135_596_800_000 || ms > 253_402_300_799_999)
            {
                error = $"'{s}' is out of range for epoch milliseconds";
                return false;
            }

            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        var i = 0;
        if (!Digits(s, ref i, 4, out var year))
        {
            error = Usage(s);
            return false;
        }

        int? month = null, day = null, hour = null, minute = null, second = null;
        var millis = -1;
        TimeSpan? offset = null;
        if (Next(s, i, '-'))
        {
            i++;
            if (!Digits(s, ref i, 2, out var mo))
            {
                error = Usage(s);
                return false;
            }

            month = mo;
            if (Next(s, i, '-'))
            {
                i++;
                if (!Digits(s, ref i, 2, out var d))
                {
                    error = Usage(s);
                    return false;
                }

                day = d;
                if (Next(s, i, ' '))
                {
                    error = $"'{s}': write 'T' between the date and the time (2026-12-05T06:30), as Elasticsearch requires";
                    return false;
                }

                if (Next(s, i, 'T') && !TryTime(s, ref i, ref hour, ref minute, ref second, ref millis, ref offset))
                {
                    error = Usage(s);
                    return false;
                }
            }
        }

        if (i != s.Length)
        {
            error = Usage(s);
            return false;
        }

        try
        {
            var local = roundUp
                ? new DateTime(year, month ?? 1, day ?? 1, hour ?? 23, minute ?? 59, second ?? 59, millis >= 0 ? millis : 999, DateTimeKind.Unspecified)
                : new DateTime(year, month ?? 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0, Math.Max(millis, 0), DateTimeKind.Unspecified);
            value = offset is { } o ? new DateTimeOffset(local, o).ToUniversalTime() : ZonedTime.ToUtc(local, zone);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            error = $"'{s}' is not a valid date";
            return false;
        }
    }

    /// <summary>Digits (with an optional sign) other than exactly four: a four-digit number is a year, as in Elasticsearch.</summary>
    private static bool IsEpochMillis(string s)
    {
        var digits = s[0] == '-' ? s.AsSpan(1) : s.AsSpan();
        return digits.Length > 0 && digits.Length <= 19 && !digits.ContainsAnyExceptInRange('0', '9') && (digits.Length != 4 || s[0] == '-');
    }

    private static bool TryTime(string s, ref int i, ref int? hour, ref int? minute, ref int? second, ref int millis, ref TimeSpan? offset)
    {
        i++; // 'T'
        if (!Digits(s, ref i, 2, out var h))
        {
            return false;
        }

        hour = h;
        if (Next(s, i, ':'))
        {
            i++;
            if (!Digits(s, ref i, 2, out var m))
            {
                return false;
            }

            minute = m;
            if (Next(s, i, ':'))
            {
                i++;
                if (!Digits(s, ref i, 2, out var sec))
                {
                    return false;
                }

                second = sec;
                if (Next(s, i, '.') || Next(s, i, ','))
                {
                    i++;
                    var start = i;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        i++;
                    }

                    if (i == start || i - start > 9)
                    {
                        return false;
                    }

                    // Elasticsearch's date type keeps milliseconds: finer digits are cut off.
                    var ms = s.AsSpan(start, Math.Min(3, i - start)).ToString().PadRight(3, '0');
                    millis = int.Parse(ms, CultureInfo.InvariantCulture);
                }
            }
        }

        return i == s.Length || TryOffset(s, ref i, out offset);
    }

    private static bool TryOffset(string s, ref int i, out TimeSpan? offset)
    {
        offset = null;
        if (s[i] == 'Z')
        {
            i++;
            offset = TimeSpan.Zero;
            return true;
        }

        if (s[i] is not ('+' or '-'))
        {
            return false;
        }

        var sign = s[i++] == '-' ? -1 : 1;
        if (!Digits(s, ref i, 2, out var h))
        {
            return false;
        }

        var m = 0;
        if (Next(s, i, ':'))
        {
            i++;
            if (!Digits(s, ref i, 2, out m))
            {
                return false;
            }
        }
        else if (i < s.Length && !Digits(s, ref i, 2, out m))
        {
            return false;
        }

        if (h > 18 || m > 59)
        {
            return false;
        }

        offset = sign * new TimeSpan(h, m, 0);
        return true;
    }

    private static bool Next(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool Digits(string s, ref int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[i + k];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        i += count;
        return true;
    }

    private static string Usage(string s) =>
        $"'{s}' is not a time: use ISO 8601 (2026, 2026-12, 2026-12-05, 2026-12-05T06, 2026-12-05T06:30:00Z), epoch milliseconds, or now-15m, now-1d/d";
}
