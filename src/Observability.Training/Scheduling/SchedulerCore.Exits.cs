using Observability.Training.Protocol;

namespace Observability.Training.Scheduling;

/// <summary>
/// How an attempt ends, once every rank is accounted for. Each outcome names its cause: succeeded only when every
/// rank trained its last step (exit code 0); a stop the scheduler asked for is a preemption, cancellation or timeout; a
/// stop it did not ask for (the worker shutting down) is an interruption, requeued without counting a failure.
/// </summary>
public sealed partial class SchedulerCore
{
    private void RankExited(JobRecord job, TrainMessage m, DateTimeOffset now)
    {
        var summary = m.Summary ?? new RankSummary();
        summary.Rank = m.Rank;
        summary.Attempt = m.Attempt;
        summary.WorkerId = m.WorkerId;
        summary.ExitCode = m.ExitCode ?? -1;
        job.Ranks.RemoveAll(r => r.Rank == m.Rank && r.Attempt == m.Attempt);
        job.Ranks.Add(summary);
        job.CheckpointStep = Math.Max(job.CheckpointStep, m.CheckpointStep);
        if (m.ExitCode == RankExitCodes.Stopped && job.StopReason is null && m.Reason is not null)
        {
            job.InterruptCause ??= m.Reason; // the worker says why it stopped the rank (it is shutting down)
        }

        _dirty.Add(job);

        var exited = job.Ranks.Where(r => r.Attempt == job.Attempt).ToList();
        var failed = exited.FirstOrDefault(r => r.ExitCode is not (RankExitCodes.Completed or RankExitCodes.Stopped or RankExitCodes.Fenced));
        if (failed is not null && job.StopReason is null)
        {
            // One rank failed: the gang cannot go on. Stop the others, and decide once every rank is accounted for
            // (if a worker turns out lost meanwhile, the job is requeued without counting a failure).
            job.LastFailure = $"rank {failed.Rank} exited with code {failed.ExitCode}{(m.Reason is null ? "" : ": " + m.Reason)}";
            RequestStop(job, TrainMessageTypes.StopCancel, "rank-failed");
        }
        else if (failed is null && m.ExitCode != RankExitCodes.Completed && job.StopReason is null)
        {
            // A rank stopped without finishing and nobody here asked: the others stop at the same step anyway (the
            // flag rides in the all-reduce); make sure of it, so the attempt ends and the job is requeued.
            RequestStop(job, TrainMessageTypes.StopPreempt, "interrupted");
        }

        if (exited.Count < job.Spec.WorldSize)
        {
            return;
        }

        var cause = job.InterruptCause;
        job.InterruptCause = null;
        if (job.CancelRequested)
        {
            Finish(job, JobState.Cancelled, now, "cancelled by user");
        }
        else if (job.StopReason == "timeout")
        {
            Finish(job, JobState.Failed, now, "timeout");
        }
        else if (job.StopReason == "preempt")
        {
            job.Transition(JobState.Preempted, now, "preempted by a higher-priority job");
            Requeue(job, now, $"requeued after preemption; resumes from checkpoint step {job.CheckpointStep}", null);
        }
        else if (failed is not null && exited.Any(r => r.ExitCode == RankExitCodes.InvalidConfiguration))
        {
            Finish(job, JobState.Failed, now, (job.LastFailure ?? "a rank could not run the spec") + " (not retried: the spec cannot run)");
        }
        else if (failed is not null)
        {
            RetryOrFail(job, now, job.LastFailure ?? $"rank {failed.Rank} exited with code {failed.ExitCode}");
        }
        else if (exited.All(r => r.ExitCode == RankExitCodes.Completed))
        {
            job.Step = Math.Max(job.Step, job.TotalSteps);
            Finish(job, JobState.Succeeded, now, $"all {exited.Count} ranks finished step {job.TotalSteps}/{job.TotalSteps}");
        }
        else
        {
            var codes = string.Join(", ", exited.OrderBy(r => r.Rank).Select(r => $"rank {r.Rank}: {r.ExitCode}"));
            Interrupt(job, now, $"{cause ?? "ranks stopped on a request the scheduler did not make"} (exit codes {codes})");
        }
    }

    /// <summary>A stop that was not the job's fault: recorded with its cause, requeued at once, no failure counted.</summary>
    private void Interrupt(JobRecord job, DateTimeOffset now, string cause)
    {
        job.Transition(JobState.Interrupted, now, cause + "; not the job's fault");
        Requeue(job, now, $"requeued; resumes from checkpoint step {job.CheckpointStep}, failures still {job.Failures}/{job.Spec.MaxRetries}", null);
    }

    /// <summary>Wall time per step of the current attempt so far (start-up included, so it errs long): the end estimate backfill uses.</summary>
    private static void RecordStepRate(JobRecord job, DateTimeOffset now)
    {
        job.LastProgressAt = now;
        var steps = job.Step - job.AttemptStartStep;
        if (steps > 0 && job.PlacedAt is { } placed && now > placed)
        {
            job.StepSeconds = (now - placed).TotalSeconds / steps;
        }
    }

    /// <summary>
    /// Refusal at submit, as sbatch does: once the workers have had a heartbeat timeout to report in, a job that no
    /// set of them could hold even idle is failed at once with the reason. Before that (or with no worker known) it
    /// waits with reason TooLarge.
    /// </summary>
    private void RefuseIfTooLarge(JobRecord job, DateTimeOffset now)
    {
        var live = _workers.Values.Where(w => !w.Draining).ToList();
        if (job.IsRecurring || live.Count == 0 || now - _startedAt <= _options.HeartbeatTimeout)
        {
            return;
        }

        var idle = live.ToDictionary(w => w.WorkerId, w => new Capacity(w.Slots, w.Gpus), StringComparer.Ordinal);
        if (GangPlacer.TryPlace(idle, job.Spec.WorldSize, job.Spec.GpusPerRank) is null)
        {
            job.WaitReason = WaitReasons.TooLarge;
            Finish(job, JobState.Failed, now,
                $"refused ({WaitReasons.TooLarge}): {job.Spec.WorldSize} ranks × (1 slot + {job.Spec.GpusPerRank} GPUs) fit no set of the " +
                $"{live.Count} workers ({live.Sum(w => w.Slots)} slots, {live.Sum(w => w.Gpus)} GPUs)");
        }
    }
}
