using Observability.Reports.Scheduling;

namespace Observability.Reports.Tests.Scheduling;

/// <summary>Report schedules are read in their time zone: a 07:00 report stays at 07:00 local when the clocks change.</summary>
public sealed class CronDaylightSavingTests
{
    private static ReportScheduleOptions Daily(string zone, string cron = "0 0 7 * * ?") => new() { Name = "daily", Cron = cron, TimeZone = zone };

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Daily_0700_Berlin_moves_one_hour_earlier_in_utc_when_summer_time_starts()
    {
        // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST.
        var fires = ReportSchedules.NextFireTimes(Daily("Europe/Berlin"), Utc("2026-03-27T12:00:00Z"), 3);
        Assert.Equal([Utc("2026-03-28T06:00:00Z"), Utc("2026-03-29T05:00:00Z"), Utc("2026-03-30T05:00:00Z")], fires);
    }

    [Fact]
    public void Daily_0700_Berlin_moves_one_hour_later_in_utc_when_summer_time_ends()
    {
        // Europe/Berlin: 2026-10-25 03:00 CEST → 02:00 CET.
        var fires = ReportSchedules.NextFireTimes(Daily("Europe/Berlin"), Utc("2026-10-23T12:00:00Z"), 3);
        Assert.Equal([Utc("2026-10-24T05:00:00Z"), Utc("2026-10-25T06:00:00Z"), Utc("2026-10-26T06:00:00Z")], fires);
    }

    [Fact]
    public void Daily_0700_New_York_across_both_changes()
    {
        // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
        var spring = ReportSchedules.NextFireTimes(Daily("America/New_York"), Utc("2026-03-07T00:00:00Z"), 2);
        Assert.Equal([Utc("2026-03-07T12:00:00Z"), Utc("2026-03-08T11:00:00Z")], spring);
        var autumn = ReportSchedules.NextFireTimes(Daily("America/New_York"), Utc("2026-10-31T00:00:00Z"), 2);
        Assert.Equal([Utc("2026-10-31T11:00:00Z"), Utc("2026-11-01T12:00:00Z")], autumn);
    }

    [Fact]
    public void Every_fire_is_at_0700_local_for_a_whole_year_in_both_zones()
    {
        foreach (var zone in new[] { "Europe/Berlin", "America/New_York" })
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var fires = ReportSchedules.NextFireTimes(Daily(zone), Utc("2026-01-01T00:00:00Z"), 365);
            Assert.Equal(365, fires.Select(f => TimeZoneInfo.ConvertTime(f, tz).Date).Distinct().Count());
            Assert.All(fires, f => Assert.Equal(new TimeSpan(7, 0, 0), TimeZoneInfo.ConvertTime(f, tz).TimeOfDay));
        }
    }

    [Fact]
    public void A_time_skipped_by_the_spring_change_fires_once_when_the_gap_ends()
    {
        // 02:30 does not exist in Berlin on 2026-03-29 (02:00 → 03:00): Quartz fires that day once, at 03:00 CEST (01:00Z),
        // so the daily report is neither lost nor doubled.
        var fires = ReportSchedules.NextFireTimes(Daily("Europe/Berlin", "0 30 2 * * ?"), Utc("2026-03-27T12:00:00Z"), 3);
        Assert.Equal([Utc("2026-03-28T01:30:00Z"), Utc("2026-03-29T01:00:00Z"), Utc("2026-03-30T00:30:00Z")], fires);
    }

    [Fact]
    public void Bad_schedule_settings_name_the_key()
    {
        var e = Assert.ThrowsAny<Exception>(() => new ReportsOptions { Schedules = [new() { Name = "x", Cron = "not a cron" }] }.Validate());
        Assert.Contains("reports.schedules[0].cron", e.Message);
        e = Assert.ThrowsAny<Exception>(() => new ReportsOptions { Schedules = [new() { Name = "x", TimeZone = "Mars/Olympus" }] }.Validate());
        Assert.Contains("reports.schedules[0].time_zone", e.Message);
        e = Assert.ThrowsAny<Exception>(() => new ReportsOptions { Schedules = [new() { Name = "x", Misfire = "maybe" }] }.Validate());
        Assert.Contains("reports.schedules[0].misfire", e.Message);
    }
}
