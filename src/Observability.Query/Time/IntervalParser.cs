using System.Globalization;

namespace Observability.Query.Time;

/// <summary>Fixed intervals such as <c>30s</c>, <c>1m</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> (histogram buckets, <c>--from 15m</c>).</summary>
public static class IntervalParser
{
    public static TimeSpan Parse(string text)
    {
        if (!TryParse(text, out var span))
        {
            throw new FormatException($"'{text}' is not an interval: use a number and a unit, e.g. 30s, 1m, 5m, 1h, 1d");
        }

        return span;
    }

    public static bool TryParse(string text, out TimeSpan span)
    {
        span = default;
        var s = text.Trim();
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == 0 || !long.TryParse(s.AsSpan(0, i), CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 100_000)
        {
            return false;
        }

        span = s[i..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            _ => TimeSpan.Zero,
        };
        return span > TimeSpan.Zero;
    }
}
