namespace Observability.Reports.Scheduling;

/// <summary>Which fire time of a schedule to catch up after the process was down (anacron-style: one run, not one per slot).</summary>
public static class MissedRuns
{
    /// <summary>
    /// The latest fire time of <paramref name="schedule"/> after <paramref name="lastFire"/> and no later than
    /// <paramref name="now"/>, looking back at most <paramref name="lookBack"/>; null when none was missed (or the only
    /// missed ones are older than the look-back). Computed by Quartz's cron in the schedule's time zone.
    /// </summary>
    public static DateTimeOffset? Latest(ReportScheduleOptions schedule, DateTimeOffset lastFire, DateTimeOffset now, TimeSpan lookBack)
    {
        var from = lastFire > now - lookBack ? lastFire : now - lookBack;
        var cron = ReportSchedules.Cron(schedule);
        DateTimeOffset? latest = null;
        for (var t = cron.GetNextValidTimeAfter(from); t is { } next && next <= now; t = cron.GetNextValidTimeAfter(next))
        {
            latest = next;
        }

        return latest;
    }
}
