using Observability.Query.Time;

namespace Observability.Cli.Commands.Search;

/// <summary><c>--from/--to</c>: ISO 8601, date math (<c>now-1h</c>, <c>now-1d/d</c>), or a bare duration meaning that long ago (<c>15m</c>).</summary>
internal static class TimeArgument
{
    public static DateTimeOffset? Parse(string? text, TimeProvider time, TimeZoneInfo zone, bool roundUp)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (IntervalParser.TryParse(text, out var ago))
        {
            return time.GetUtcNow() - ago;
        }

        return TimeExpression.Parse(text, time, zone, roundUp);
    }
}
