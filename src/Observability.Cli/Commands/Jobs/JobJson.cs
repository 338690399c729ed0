using System.Text.Json;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Cli.Commands.Jobs;

/// <summary>
/// Machine-readable job output (<c>obs jobs list --json</c>, <c>obs jobs show --json</c>): the list gives one summary
/// object per job; show gives the scheduler's full record (history with causes, placement, rank summaries), in the
/// same camelCase JSON the event log stores.
/// </summary>
internal static class JobJson
{
    public static string List(IReadOnlyList<JobRecord> jobs) =>
        JsonSerializer.Serialize(jobs.OrderByDescending(j => j.SubmittedAt).Select(Summary).ToList(), TrainJson.Options);

    public static string Show(JobRecord job) => JsonSerializer.Serialize(job, TrainJson.Options);

    private static object Summary(JobRecord j) => new
    {
        id = j.JobId,
        name = j.Spec.Name,
        owner = j.Spec.Owner,
        priority = j.Spec.Priority,
        state = j.State.ToWire(),
        reason = j.Reason,
        waitReason = j.State == JobState.Pending ? j.WaitReason : null,
        ranks = j.Spec.WorldSize,
        step = j.Step,
        totalSteps = j.TotalSteps,
        checkpointStep = j.CheckpointStep,
        loss = j.Loss,
        attempt = j.Attempt,
        failures = j.Failures,
        submittedAt = j.SubmittedAt,
        startedAt = j.StartedAt,
        finishedAt = j.FinishedAt,
    };
}
