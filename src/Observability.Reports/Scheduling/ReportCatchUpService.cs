using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Observability.Reports.Scheduling;

/// <summary>
/// On start-up, runs each schedule once whose fire times passed while the process was down (Quartz's
/// <c>fire_once_now</c> misfire rule carried across restarts, like anacron): the report covers the period of the latest
/// missed fire time, through a one-shot trigger of the same Quartz job. Fire times older than
/// <see cref="ReportsOptions.CatchUpLookBack"/> are not caught up; <c>misfire: skip</c> schedules are never caught up.
/// A schedule seen for the first time records the start-up time, so a later outage is noticed.
/// </summary>
public sealed class ReportCatchUpService(
    ISchedulerFactory schedulers, ReportsOptions options, ReportScheduleState state, TimeProvider time, ILogger<ReportCatchUpService> logger) : IHostedService
{
    public const string TriggerPrefix = "catch-up-";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var schedule in options.Schedules)
        {
            if (state.LastFire(schedule.Name) is not { } last)
            {
                await state.RecordAsync(schedule.Name, now, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (schedule.Misfire == "skip" || options.CatchUpLookBack <= TimeSpan.Zero
                || MissedRuns.Latest(schedule, last, now, options.CatchUpLookBack) is not { } missed)
            {
                continue;
            }

            logger.LogWarning("Report {Schedule} was due at {Missed} while obs was down (last run {Last}); running it once now", schedule.Name, missed, last);
            var trigger = TriggerBuilder.Create()
                .WithIdentity(TriggerPrefix + schedule.Name, ReportSchedules.Group)
                .ForJob(ReportSchedules.JobKey)
                .UsingJobData(ReportJob.ScheduleKey, schedule.Name)
                .UsingJobData(ReportJob.DueKey, missed.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))
                .StartAt(now)
                .Build();
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
