using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Reports.Delivery;
using Observability.Reports.Scheduling;
using Observability.Testing;
using Observability.Testing.DuckDb;
using Quartz;

namespace Observability.Reports.Tests.Scheduling;

/// <summary>
/// Runs missed while <c>obs up</c> was down are caught up once on start-up (anacron-style), through the real Quartz scheduler
/// on a fake clock; the last handled fire time of each schedule survives restarts in the data directory.
/// </summary>
public sealed class MissedRunCatchUpTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly TemporaryDuckDbStore _db = new();
    private readonly FakeTimeProvider _time = new(Utc("2026-11-20T06:00:00Z"));

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    private static ReportsOptions Options(string misfire = "fire_once_now", TimeSpan? lookBack = null) => new()
    {
        Directory = null,
        Schedules = [new() { Name = "daily", Cron = "0 0 7 * * ?", TimeZone = "UTC", Misfire = misfire }],
        CatchUpLookBack = lookBack ?? TimeSpan.FromDays(7),
    };

    private List<StoredReport> Reports() => [.. new ReportStore(_db.Store).List().Where(r => r.Name == "daily")];

    /// <summary>One run of <c>obs up</c>: a host with AddReports, started at the fake clock's time.</summary>
    private async Task<IHost> StartAsync(ReportsOptions options)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddReports(options, _db.Store, _time, _db.Directory.Path);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task Three_days_down_runs_the_schedule_once_for_its_latest_missed_time_and_then_it_keeps_its_cron()
    {
        // First start: nothing known yet, so nothing is caught up; the start time is remembered.
        var first = await StartAsync(Options());
        Assert.Null(await ReportHosts.CatchUpTrigger(first));
        // 07:00 passes while running: the regular trigger runs and its fire time is recorded.
        _time.SetUtcNow(Utc("2026-11-20T07:00:01Z"));
        await Poll.UntilAsync(() => Reports().Count == 1, Generous, "the 07:00 report");
        await Poll.UntilAsync(() => new ReportScheduleState(_db.Directory.Path, NullLogger<ReportScheduleState>.Instance).LastFire("daily") == Utc("2026-11-20T07:00:00Z"), Generous, "the fire to be recorded");
        await ReportHosts.StopAsync(first);

        // Down from the 20th until the 23rd at 09:30: the 21st, 22nd and 23rd 07:00 runs were missed.
        _time.SetUtcNow(Utc("2026-11-23T09:30:00Z"));
        var second = await StartAsync(Options());
        await Poll.UntilAsync(() => Reports().Count == 2, Generous, "the catch-up report");
        var caughtUp = Reports().Single(r => r.PeriodEnd != Utc("2026-11-20T07:00:00Z"));
        Assert.Equal(Utc("2026-11-23T07:00:00Z"), caughtUp.PeriodEnd);
        Assert.Equal(Utc("2026-11-22T07:00:00Z"), caughtUp.PeriodStart);
        await Poll.UntilAsync(() => new ReportScheduleState(_db.Directory.Path, NullLogger<ReportScheduleState>.Instance).LastFire("daily") == Utc("2026-11-23T07:00:00Z"), Generous, "the catch-up to be recorded");

        // The regular schedule goes on at its own time.
        _time.SetUtcNow(Utc("2026-11-24T07:00:01Z"));
        await Poll.UntilAsync(() => Reports().Count == 3, Generous, "the next regular report");
        Assert.Equal(Utc("2026-11-24T07:00:00Z"), Reports().Max(r => r.PeriodEnd));
        await ReportHosts.StopAsync(second);

        // A restart with nothing missed since runs nothing.
        _time.SetUtcNow(Utc("2026-11-24T08:00:00Z"));
        var third = await StartAsync(Options());
        Assert.Null(await ReportHosts.CatchUpTrigger(third));
        await ReportHosts.StopAsync(third);
        Assert.Equal(3, Reports().Count);
    }

    [Fact]
    public async Task Missed_runs_older_than_the_look_back_or_of_a_skip_schedule_are_not_caught_up()
    {
        new ReportScheduleState(_db.Directory.Path, NullLogger<ReportScheduleState>.Instance).Record("daily", Utc("2026-11-20T07:00:00Z"));

        // The latest missed run (the 23rd 07:00) is 13 h old, the look-back 12 h.
        _time.SetUtcNow(Utc("2026-11-23T20:00:00Z"));
        var host = await StartAsync(Options(lookBack: TimeSpan.FromHours(12)));
        Assert.Null(await ReportHosts.CatchUpTrigger(host));
        await ReportHosts.StopAsync(host);

        host = await StartAsync(Options(misfire: "skip"));
        Assert.Null(await ReportHosts.CatchUpTrigger(host));
        await ReportHosts.StopAsync(host);

        // The same outage with the default look-back is caught up.
        host = await StartAsync(Options());
        await Poll.UntilAsync(() => Reports().Count == 1, Generous, "the catch-up report");
        Assert.Equal(Utc("2026-11-23T07:00:00Z"), Reports().Single().PeriodEnd);
        await ReportHosts.StopAsync(host);
    }

    [Fact]
    public void The_latest_missed_fire_follows_the_schedules_zone_across_a_dst_change()
    {
        var berlin = new ReportScheduleOptions { Name = "daily", Cron = "0 0 7 * * ?", TimeZone = "Europe/Berlin" };
        // Down from Saturday 07:00 CET (06:00Z) to Monday 12:00Z across the spring change: Monday's 07:00 CEST is 05:00Z.
        Assert.Equal(Utc("2026-03-30T05:00:00Z"), MissedRuns.Latest(berlin, Utc("2026-03-28T06:00:00Z"), Utc("2026-03-30T12:00:00Z"), TimeSpan.FromDays(7)));
        Assert.Null(MissedRuns.Latest(berlin, Utc("2026-03-30T05:00:00Z"), Utc("2026-03-30T12:00:00Z"), TimeSpan.FromDays(7)));
        Assert.Null(MissedRuns.Latest(berlin, Utc("2026-03-28T06:00:00Z"), Utc("2026-03-30T12:00:00Z"), TimeSpan.FromHours(6)));
    }

    [Fact]
    public void An_unreadable_state_file_is_moved_aside_and_the_schedules_start_afresh()
    {
        var path = Path.Combine(_db.Directory.Path, ReportScheduleState.FileName);
        File.WriteAllText(path, "{ not json");

        var state = new ReportScheduleState(_db.Directory.Path, NullLogger<ReportScheduleState>.Instance);

        Assert.Null(state.LastFire("daily"));
        Assert.Equal("{ not json", File.ReadAllText(path + ".corrupt"));
        state.Record("daily", Utc("2026-11-20T07:00:00Z"));
        state.Record("daily", Utc("2026-11-19T07:00:00Z")); // never moves back
        Assert.Equal(Utc("2026-11-20T07:00:00Z"), new ReportScheduleState(_db.Directory.Path, NullLogger<ReportScheduleState>.Instance).LastFire("daily"));
    }

    [Fact]
    public void The_look_back_is_read_from_obs_yml()
    {
        var yml = Path.Combine(_db.Directory.Path, "obs.yml");
        File.WriteAllText(yml, "reports:\n  catch_up_look_back: \"2.00:00:00\"\n  schedules:\n    - name: daily\n");

        var options = Observability.Core.Options.ObsConfiguration.Bind<ReportsOptions>(Observability.Core.Options.ObsConfiguration.Load(yml), "reports");

        Assert.Equal(TimeSpan.FromDays(2), options.CatchUpLookBack);
        Assert.Equal(TimeSpan.FromDays(7), new ReportsOptions().CatchUpLookBack);
    }

    [Fact]
    public void A_negative_look_back_names_the_key()
    {
        var e = Assert.ThrowsAny<Exception>(() => Options(lookBack: TimeSpan.FromHours(-1)).Validate());
        Assert.Contains("reports.catch_up_look_back", e.Message);
    }

    public void Dispose() => _db.Dispose();
}
