using Microsoft.Extensions.Logging;
using Observability.Reports.Model;
using Quartz;

namespace Observability.Reports.Scheduling;

/// <summary>
/// The Quartz job of every report schedule. The period ends at the trigger's <em>scheduled</em> fire time (for a
/// catch-up trigger, the missed fire time it carries), so a run that fires late still reports the period it was due for.
/// The fire time is recorded in <see cref="ReportScheduleState"/> once the report is stored.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReportJob(ReportRunner runner, ReportsOptions options, ReportScheduleState state, ReportRunGate gate, ILogger<ReportJob> logger) : IJob
{
    public const string ScheduleKey = "schedule";

    /// <summary>Job data of a catch-up trigger: the missed fire time (Unix ms) whose period the run reports.</summary>
    public const string DueKey = "due_unix_ms";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(ScheduleKey);
        var schedule = options.Schedules.FirstOrDefault(s => s.Name == name);
        if (schedule is null)
        {
            logger.LogError("Report trigger {Trigger} names schedule {Schedule} that is not configured", context.Trigger.Key, name);
            return;
        }

        using var pass = gate.TryEnter();
        if (pass is null)
        {
            // Another process holds the reports' leader lease and sends this one.
            logger.LogDebug("Report {Schedule} not run here: this process is standing by for the reports' leader lease", schedule.Name);
            return;
        }

        var end = context.MergedJobDataMap.GetString(DueKey) is { } due
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(due, System.Globalization.CultureInfo.InvariantCulture))
            : context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        try
        {
            var result = await runner.RunAsync(schedule.Name, ReportPeriod.Ending(end, schedule.Period), cancellationToken).ConfigureAwait(false);
            // Recorded once the report is stored, so a run cut short by a stop is caught up on the next start.
            await state.RecordAsync(schedule.Name, end, cancellationToken).ConfigureAwait(false);
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
