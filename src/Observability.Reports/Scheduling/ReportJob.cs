using Microsoft.Extensions.Logging;
using Observability.Reports.Model;
using Quartz;

namespace Observability.Reports.Scheduling;

/// <summary>
/// The Quartz job of every report schedule. The period ends at the trigger's <em>scheduled</em> fire time, so a run
/// that fires late after a misfire still reports the period it was due for.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReportJob(ReportRunner runner, ReportsOptions options, ILogger<ReportJob> logger) : IJob
{
    public const string ScheduleKey = "schedule";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(ScheduleKey);
        var schedule = options.Schedules.FirstOrDefault(s => s.Name == name);
        if (schedule is null)
        {
            logger.LogError("Report trigger {Trigger} names schedule {Schedule} that is not configured", context.Trigger.Key, name);
            return;
        }

        var end = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        try
        {
            var result = await runner.RunAsync(schedule.Name, ReportPeriod.Ending(end, schedule.Period), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Report {Schedule} for period ending {End} done in {Seconds:F1} s, {Failed} delivery failures",
                schedule.Name, end, result.Elapsed.TotalSeconds, result.FailedDeliveries.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed run is logged and the schedule goes on; Quartz would only log it less clearly.
            logger.LogError(e, "Report {Schedule} for period ending {End} failed", schedule.Name, end);
        }
    }
}
