using Quartz;

namespace Observability.Reports.Scheduling;

/// <summary>Upcoming fire times of report schedules, computed by Quartz's own <see cref="CronExpression"/> in the schedule's time zone.</summary>
public static class ReportSchedules
{
    public const string Group = "reports";

    /// <summary>The one Quartz job every report trigger (scheduled or catch-up) runs.</summary>
    public static JobKey JobKey { get; } = new("report", Group);

    public static CronExpression Cron(ReportScheduleOptions s) => new(s.Cron, s.Zone());

    /// <summary>The next <paramref name="count"/> fire instants strictly after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> NextFireTimes(ReportScheduleOptions s, DateTimeOffset after, int count)
    {
        var cron = Cron(s);
        var times = new List<DateTimeOffset>(count);
        var t = after;
        while (times.Count < count && cron.GetNextValidTimeAfter(t) is { } next)
        {
            times.Add(next);
            t = next;
        }

        return times;
    }
}
