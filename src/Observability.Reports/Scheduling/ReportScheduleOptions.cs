using Observability.Core.Options;

namespace Observability.Reports.Scheduling;

/// <summary>One scheduled report (<c>reports.schedules[i]</c>): a Quartz cron expression evaluated in a time zone.</summary>
public sealed class ReportScheduleOptions
{
    public string Name { get; set; } = "daily";

    /// <summary>Quartz cron: seconds minutes hours day-of-month month day-of-week [year], e.g. <c>0 0 7 * * ?</c> = 07:00 every day.</summary>
    public string Cron { get; set; } = "0 0 7 * * ?";

    /// <summary>IANA time zone the cron is read in, e.g. <c>Europe/Berlin</c>; 07:00 stays 07:00 local across DST.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Length of the reported period, ending at the scheduled fire time.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// What to do with a run missed while the service was down (longer than the misfire threshold):
    /// <c>fire_once_now</c> runs it once on start-up (its report still covers the period it was due for) — the
    /// default, because a missed morning report is still wanted; <c>skip</c> waits for the next scheduled time.
    /// </summary>
    public string Misfire { get; set; } = "fire_once_now";

    public void Validate(string prefix)
    {
        OptionsCheck.NotEmpty($"{prefix}.name", Name);
        OptionsCheck.That(System.Text.RegularExpressions.Regex.IsMatch(Name, "^[A-Za-z0-9_-]{1,64}$"), $"{prefix}.name", $"must be 1-64 letters, digits, '-' or '_', got '{Name}'");
        OptionsCheck.That(Quartz.CronExpression.TryParse(Cron, out _), $"{prefix}.cron", $"is not a valid Quartz cron expression: '{Cron}'");
        OptionsCheck.That(TryZone(TimeZone) is not null, $"{prefix}.time_zone", $"unknown time zone '{TimeZone}'");
        OptionsCheck.Range($"{prefix}.period", Period, TimeSpan.FromMinutes(1), TimeSpan.FromDays(366));
        OptionsCheck.OneOf($"{prefix}.misfire", Misfire, "fire_once_now", "skip");
    }

    public TimeZoneInfo Zone() => TryZone(TimeZone) ?? throw new InvalidOperationException($"unknown time zone '{TimeZone}'");

    private static TimeZoneInfo? TryZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : null;
}
