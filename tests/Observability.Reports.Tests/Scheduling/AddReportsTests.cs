using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Observability.Reports.Scheduling;
using Observability.Testing.DuckDb;
using Quartz;

namespace Observability.Reports.Tests.Scheduling;

/// <summary>What <c>obs up</c> gets from <c>AddReports</c>: a Quartz scheduler with one cron trigger per schedule, in its time zone, on the injected clock.</summary>
public sealed class AddReportsTests
{
    [Fact]
    public async Task Each_schedule_becomes_a_trigger_whose_next_fire_follows_the_injected_clock_and_zone()
    {
        using var db = new TemporaryDuckDbStore();
        // Just before the spring change in Berlin: the next 07:00 local is 05:00Z (CEST), not 06:00Z.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-28T07:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new ReportsOptions
        {
            Directory = null,
            Schedules = [new() { Name = "daily", Cron = "0 0 7 * * ?", TimeZone = "Europe/Berlin" }, new() { Name = "ny", Cron = "0 0 7 * * ?", TimeZone = "America/New_York", Misfire = "skip" }],
        };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddReports(options, db.Store, time, db.Directory.Path);
        using var host = builder.Build();
        await host.StartAsync();
        var provider = host.Services;

        try
        {
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var daily = await scheduler.GetTrigger(new TriggerKey("daily", ReportSchedules.Group));
            var ny = await scheduler.GetTrigger(new TriggerKey("ny", ReportSchedules.Group));
            Assert.NotNull(daily);
            Assert.NotNull(ny);
            Assert.Equal(DateTimeOffset.Parse("2026-03-29T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture), daily.NextFireTimeUtc);
            Assert.Equal(DateTimeOffset.Parse("2026-03-28T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture), ny.NextFireTimeUtc);
            Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, ((ICronTrigger)daily).MisfireInstruction);
            Assert.Equal(CronTriggerMisfireInstruction.DoNothing, ((ICronTrigger)ny).MisfireInstruction);

            // Moving the fake clock past 07:00 Berlin fires the job; its report covers the 24 h ending at the scheduled instant.
            time.SetUtcNow(DateTimeOffset.Parse("2026-03-29T05:00:01Z", System.Globalization.CultureInfo.InvariantCulture));
            var store = new Observability.Reports.Delivery.ReportStore(db.Store);
            await Observability.Testing.Poll.UntilAsync(() => store.List().Any(r => r.Name == "daily"), TimeSpan.FromSeconds(60), "the daily report to be stored");
            var stored = store.List().Single(r => r.Name == "daily");
            Assert.Equal(DateTimeOffset.Parse("2026-03-29T05:00:00Z", System.Globalization.CultureInfo.InvariantCulture), stored.PeriodEnd);
            Assert.Equal(stored.PeriodEnd.AddHours(-24), stored.PeriodStart);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
