using System.Globalization;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// A date value of a generated query, kept as its parts, with the instants it stands for computed straight from
/// Elasticsearch's documentation (range query, "Missing date components" and "Date math and rounding";
/// Kibana's KQL sends <c>field:value</c> on a date field as <c>gte</c> and <c>lte</c> of the same value). This
/// is the oracle of <see cref="KibanaConformanceTests"/> and shares no code with the product's parser.
/// </summary>
/// <param name="Parts">year, month, day, hour, minute, second, millisecond; as many as the value was written with.</param>
/// <param name="Offset">"Z" or "+05:30" written after the time, or null (the query's time zone applies).</param>
/// <param name="EpochMillis">An epoch-milliseconds value instead of parts.</param>
public sealed record DocumentedDate(int[] Parts, string? Offset = null, long? EpochMillis = null)
{
    public static readonly string[] PrecisionNames = ["year", "month", "day", "hour", "minute", "second", "millisecond"];

    /// <summary>The value as typed in a query (unquoted where KQL allows it; a ':' needs quotes or '\:').</summary>
    public string Text
    {
        get
        {
            if (EpochMillis is { } ms)
            {
                return ms.ToString(CultureInfo.InvariantCulture);
            }

            var p = Parts;
            var s = p[0].ToString("D4", CultureInfo.InvariantCulture);
            string[] separators = ["-", "-", "T", ":", ":", "."];
            for (var i = 1; i < p.Length; i++)
            {
                s += separators[i - 1] + p[i].ToString(i == 6 ? "D3" : "D2", CultureInfo.InvariantCulture);
            }

            return s + (Offset ?? string.Empty);
        }
    }

    public string Precision => EpochMillis is null ? PrecisionNames[Parts.Length - 1] : "epoch";

    /// <summary>"Rounding down": missing parts take their first value.</summary>
    public DateTimeOffset Down(TimeZoneInfo zone) => Resolve(zone, [1, 1, 0, 0, 0, 0]);

    /// <summary>"Rounding up" (gt, lte): missing parts are month 01, day 01, 23:59:59.999 — the documented defaults.</summary>
    public DateTimeOffset Up(TimeZoneInfo zone) => Resolve(zone, [1, 1, 23, 59, 59, 999]);

    private DateTimeOffset Resolve(TimeZoneInfo zone, int[] defaults)
    {
        if (EpochMillis is { } ms)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        var v = new int[7];
        v[0] = Parts[0];
        for (var i = 1; i < 7; i++)
        {
            v[i] = i < Parts.Length ? Parts[i] : defaults[i - 1];
        }

        var local = new DateTime(v[0], v[1], v[2], v[3], v[4], v[5], v[6], DateTimeKind.Unspecified);
        if (Offset is "Z")
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        if (Offset is not null)
        {
            return new DateTimeOffset(local, TimeSpan.ParseExact(Offset[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (Offset[0] == '-' ? -1 : 1));
        }

        // The generated values avoid daylight-saving transitions, where the choice of offset is ambiguous.
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Whether a stored instant (kept to the millisecond, as Elasticsearch's date type keeps it) matches.</summary>
    public static bool Matches(string op, DateTimeOffset stored, DateTimeOffset down, DateTimeOffset up)
    {
        var t = new DateTimeOffset(stored.UtcTicks - (stored.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return op switch
        {
            ":" => t >= down && t <= up,
            ">=" => t >= down,
            ">" => t > up,
            "<" => t < down,
            "<=" => t <= up,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }
}
