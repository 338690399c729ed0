using System.Diagnostics;
using System.Globalization;
using Observability.Training.Telemetry;

namespace Observability.Training.Scheduling;

public sealed partial class SchedulerCore
{
    /// <summary>Cron fire times are evaluated in UTC.</summary>
    internal static DateTimeOffset NextFire(string cron, DateTimeOffset after)
    {
        var expression = new Quartz.CronExpression(cron, TimeZoneInfo.Utc);
        return expression.GetNextValidTimeAfter(after) ?? DateTimeOffset.MaxValue;
    }

    /// <summary>
    /// Submits a run of every recurring job whose fire time has come. A fire time missed while the scheduler was down
    /// runs once at start-up (not once per missed time), like Quartz's "fire once now" misfire policy.
    /// </summary>
    private void FireRecurring(DateTimeOffset now)
    {
        foreach (var template in _jobs.Values.Where(j => j.IsRecurring && j.State == JobState.Pending && j.NotBefore <= now).ToList())
        {
            var runId = $"{template.JobId}-at-{template.NotBefore!.Value.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
            template.NotBefore = NextFire(template.Spec.Schedule!, now);
            _dirty.Add(template);
            if (_jobs.ContainsKey(runId))
            {
                continue;
            }

            // Each run is a trace of its own, rooted at a submission span recorded by the scheduler.
            string? traceParent;
            using (var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.SubmitSpan, ActivityKind.Producer, default(ActivityContext)))
            {
                span?.SetTag(TrainingTelemetry.JobIdTag, runId);
                span?.SetTag("training.job.recurring_parent", template.JobId);
                traceParent = TrainingTelemetry.TraceParentOf(span);
            }

            var spec = Protocol.TrainJson.Deserialize<Specs.JobSpec>(Protocol.TrainJson.Serialize(template.Spec));
            spec.Schedule = null;
            var run = new JobRecord { JobId = runId, Spec = spec, SubmittedAt = now, QueuedAt = now, TraceParent = traceParent, RecurringParent = template.JobId };
            run.Transition(JobState.Pending, now, $"submitted by recurring job {template.JobId}");
            _jobs[runId] = run;
            _dirty.Add(run);
        }
    }
}
