using System.Globalization;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// One date value of the conformance suite: its text and, per time zone, the instants the documentation says
/// it resolves to when rounded down (<c>gte</c>, <c>lt</c>) and up (<c>gt</c>, <c>lte</c>).
/// </summary>
public sealed record DateCase(string Text, string Precision, Func<TimeZoneInfo, (DateTimeOffset Down, DateTimeOffset Up)> Span)
{
    /// <summary>The clock of every query: 2026-12-05T06:30:15.250Z.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 6, 30, 15, 250, TimeSpan.Zero);

    public bool HasColon => Text.Contains(':', StringComparison.Ordinal);

    public static DateCase Of(DocumentedDate d) => new(d.Text, d.Precision, z => (d.Down(z), d.Up(z)));

    /// <summary>
    /// <c>now</c>, optionally <c>±amount unit</c>, optionally <c>/round</c>: "rounding up moves to the last millisecond
    /// of the rounding scope, and rounding down to the first"; without rounding both are the instant itself.
    /// <c>now</c> is not shifted by the time zone, its rounding is done in the zone.
    /// </summary>
    public static DateCase NowMath(int amount, char unit, char? round)
    {
        var text = "now" + (amount == 0 ? string.Empty : (amount > 0 ? "+" : "-") + Math.Abs(amount).ToString(CultureInfo.InvariantCulture) + unit) + (round is { } r ? "/" + r : string.Empty);
        return new DateCase(text, round is null ? "now" : "now/" + round, zone =>
        {
            var local = TimeZoneInfo.ConvertTime(Now, zone).DateTime;
            local = unit switch
            {
                'd' => local.AddDays(amount),
                'h' => local.AddHours(amount),
                'm' => local.AddMinutes(amount),
                'M' => local.AddMonths(amount),
                _ => local,
            };
            if (round is null)
            {
                var at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
                return (at, at);
            }

            var start = round switch
            {
                'y' => new DateTime(local.Year, 1, 1),
                'M' => new DateTime(local.Year, local.Month, 1),
                'd' => local.Date,
                'h' => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
                _ => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0),
            };
            var end = round switch
            {
                'y' => start.AddYears(1),
                'M' => start.AddMonths(1),
                'd' => start.AddDays(1),
                'h' => start.AddHours(1),
                _ => start.AddMinutes(1),
            };
            return (new DateTimeOffset(start, zone.GetUtcOffset(start)), new DateTimeOffset(end, zone.GetUtcOffset(end)).AddMilliseconds(-1));
        });
    }

    /// <summary>Every value of the suite: each precision of two dates, offsets, epoch milliseconds (0 included), and now-math.</summary>
    public static IReadOnlyList<DateCase> All()
    {
        var cases = new List<DateCase>();
        int[][] anchors = [[2026, 12, 5, 6, 30, 15, 250], [2026, 1, 1, 23, 59, 59, 999]];
        foreach (var a in anchors)
        {
            for (var n = 1; n <= 7; n++)
            {
                cases.Add(Of(new DocumentedDate(a[..n])));
                if (n >= 4)
                {
                    cases.Add(Of(new DocumentedDate(a[..n], "Z")));
                    cases.Add(Of(new DocumentedDate(a[..n], "+05:30")));
                }
            }
        }

        foreach (var ms in new long[] { 0, 1, -1, Now.ToUnixTimeMilliseconds() })
        {
            cases.Add(Of(new DocumentedDate([], EpochMillis: ms)));
        }

        cases.Add(NowMath(0, ' ', null));
        cases.Add(NowMath(-1, 'h', null));
        cases.Add(NowMath(0, ' ', 'd'));
        cases.Add(NowMath(-1, 'd', 'd'));
        cases.Add(NowMath(0, ' ', 'h'));
        cases.Add(NowMath(-15, 'm', 'm'));
        cases.Add(NowMath(1, 'M', 'M'));
        cases.Add(NowMath(0, ' ', 'y'));
        return cases;
    }
}
