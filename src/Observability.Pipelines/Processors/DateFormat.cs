using System.Globalization;
using System.Text;

namespace Observability.Pipelines.Processors;

/// <summary>
/// One accepted input format of the <c>date</c> processor: <c>ISO8601</c>, <c>UNIX</c> (seconds, fractions
/// allowed), <c>UNIX_MS</c>, or a Java-style pattern (<c>dd/MMM/yyyy:HH:mm:ss Z</c>, <c>MMM d HH:mm:ss</c>) as
/// Logstash and Elasticsearch take them, translated once to a .NET format. A pattern without a year takes
/// the current one (from the injected clock), and the previous one when that would put the event more
/// than a day in the future (a December line read in January).
/// </summary>
public sealed class DateFormat
{
    private readonly string? _netFormat;
    private readonly bool _hasYear;
    private readonly bool _hasOffset;
    private readonly bool _offsetWithoutColon;
    private readonly bool _syslog;

    private DateFormat(string name, DateFormatKind kind, string? netFormat, bool hasYear, bool hasOffset, bool offsetWithoutColon)
    {
        Name = name;
        Kind = kind;
        _netFormat = netFormat;
        _hasYear = hasYear;
        _hasOffset = hasOffset;
        _offsetWithoutColon = offsetWithoutColon;
        _syslog = name is "MMM d HH:mm:ss" or "MMM dd HH:mm:ss" or "MMM  d HH:mm:ss";
    }

    public string Name { get; }

    public DateFormatKind Kind { get; }

    public static DateFormat Parse(string format) => format switch
    {
        "ISO8601" => new DateFormat(format, DateFormatKind.Iso8601, null, true, true, false),
        "UNIX" => new DateFormat(format, DateFormatKind.Unix, null, true, true, false),
        "UNIX_MS" => new DateFormat(format, DateFormatKind.UnixMs, null, true, true, false),
        _ => FromJava(format),
    };

    public bool TryParse(string value, TimeZoneInfo zone, TimeProvider time, out DateTimeOffset result)
    {
        result = default;
        switch (Kind)
        {
            case DateFormatKind.Iso8601:
                if (Iso8601.TryParse(value, zone.BaseUtcOffset, out result))
                {
                    if (zone != TimeZoneInfo.Utc && !HasExplicitOffset(value))
                    {
                        result = new DateTimeOffset(result.DateTime, zone.GetUtcOffset(result.DateTime));
                    }

                    return true;
                }

                return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result);
            case DateFormatKind.Unix:
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 253402300799)
                {
                    result = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
                    return true;
                }

                return false;
            case DateFormatKind.UnixMs:
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && Math.Abs(ms) < 253402300799000)
                {
                    result = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    return true;
                }

                return false;
            default:
                return TryParsePattern(value, zone, time, out result);
        }
    }

    private bool TryParsePattern(string value, TimeZoneInfo zone, TimeProvider time, out DateTimeOffset result)
    {
        result = default;
        if (_syslog && TryParseSyslog(value, zone, time, out result))
        {
            return true;
        }

        var input = value.Trim();
        if (_offsetWithoutColon && input.Length > 5 && input[^5] is '+' or '-' && char.IsAsciiDigit(input[^1]))
        {
            input = string.Concat(input.AsSpan(0, input.Length - 2), ":", input.AsSpan(input.Length - 2));
        }

        var now = time.GetUtcNow();
        var format = _netFormat!;
        if (!_hasYear)
        {
            input = now.Year.ToString(CultureInfo.InvariantCulture) + " " + input;
            format = "yyyy " + format;
        }

        const DateTimeStyles styles = DateTimeStyles.AllowWhiteSpaces;
        if (_hasOffset)
        {
            if (!DateTimeOffset.TryParseExact(input, format, CultureInfo.InvariantCulture, styles, out result))
            {
                return false;
            }
        }
        else
        {
            if (!DateTime.TryParseExact(input, format, CultureInfo.InvariantCulture, styles, out var local))
            {
                return false;
            }

            result = new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        if (!_hasYear && result > now.AddDays(1))
        {
            result = result.AddYears(-1);
        }

        return true;
    }

    /// <summary>The BSD syslog timestamp (<c>Nov  6 08:00:00</c>, optional fraction) without the general parser.</summary>
    private static bool TryParseSyslog(string value, TimeZoneInfo zone, TimeProvider time, out DateTimeOffset result)
    {
        result = default;
        var s = value.AsSpan().Trim();
        if (s.Length < 14 || s[3] != ' ')
        {
            return false;
        }

        var month = Array.IndexOf(MonthNames, s[..3].ToString());
        if (month < 0)
        {
            return false;
        }

        var p = 4;
        while (p < s.Length && s[p] == ' ')
        {
            p++;
        }

        var day = 0;
        var start = p;
        while (p < s.Length && char.IsAsciiDigit(s[p]) && p - start < 2)
        {
            day = (day * 10) + (s[p++] - '0');
        }

        if (p == start || p >= s.Length || s[p] != ' ' || !Iso8601.TryParse(string.Concat("2000-01-01T", s[(p + 1)..]), TimeSpan.Zero, out var clock))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var year = now.Year;
        if (day < 1 || day > DateTime.DaysInMonth(year, month + 1))
        {
            return false;
        }

        var local = new DateTime(year, month + 1, day, 0, 0, 0, DateTimeKind.Unspecified) + clock.TimeOfDay;
        result = new DateTimeOffset(local, zone.GetUtcOffset(local));
        if (result > now.AddDays(1))
        {
            local = local.AddYears(-1);
            result = new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        return true;
    }

    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static bool HasExplicitOffset(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 19 && value.AsSpan(19).IndexOfAny('+', '-') >= 0);

    private static DateFormat FromJava(string java)
    {
        var sb = new StringBuilder();
        bool hasYear = false, hasOffset = false, noColon = false;
        for (var i = 0; i < java.Length;)
        {
            var c = java[i];
            if (c == '\'')
            {
                var end = java.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unterminated quote in date format '{java}'");
                }

                sb.Append(java, i, end - i + 1);
                i = end + 1;
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                if (c is '\\' or '%' or '"')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
                i++;
                continue;
            }

            var run = 1;
            while (i + run < java.Length && java[i + run] == c)
            {
                run++;
            }

            i += run;
            switch (c)
            {
                case 'y' or 'u':
                    hasYear = true;
                    sb.Append(run == 2 ? "yy" : "yyyy");
                    break;
                case 'M' or 'd' or 'H' or 'h' or 'm' or 's':
                    sb.Append(c, Math.Min(run, c == 'M' ? 4 : 2));
                    break;
                case 'L':
                    sb.Append('M', Math.Min(run, 4));
                    break;
                case 'S':
                    sb.Append('f', Math.Min(run, 7));
                    break;
                case 'a':
                    sb.Append("tt");
                    break;
                case 'E':
                    sb.Append(run >= 4 ? "dddd" : "ddd");
                    break;
                case 'Z' when run <= 3:
                case 'x' when run is 1 or 2 or 4:
                    hasOffset = true;
                    noColon = true;
                    sb.Append("zzz");
                    break;
                case 'Z' or 'X' or 'x':
                    hasOffset = true;
                    sb.Append('K');
                    break;
                case 'T':
                    sb.Append("'T'");
                    break;
                default:
                    throw new FormatException($"date format letter '{c}' in '{java}' is not supported (use an offset such as Z or XXX instead of zone names)");
            }
        }

        return new DateFormat(java, DateFormatKind.Pattern, sb.ToString(), hasYear, hasOffset, noColon);
    }
}

public enum DateFormatKind
{
    Iso8601,
    Unix,
    UnixMs,
    Pattern,
}
