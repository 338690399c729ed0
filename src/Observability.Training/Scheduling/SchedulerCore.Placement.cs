using System.Diagnostics;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;

namespace Observability.Training.Scheduling;

public sealed partial class SchedulerCore
{
    private void DetectLostWorkers(DateTimeOffset now)
    {
        foreach (var w in _workers.Values.Where(w => now - w.LastSeen > _options.HeartbeatTimeout).ToList())
        {
            _workers.Remove(w.WorkerId);
        }

        // A job whose ranks sit on a worker that is gone. After a restart the scheduler knows no worker until their
        // next heartbeat, so it gives them one heartbeat timeout to report in before it declares them lost.
        if (now - _startedAt <= _options.HeartbeatTimeout)
        {
            return;
        }

        foreach (var job in _jobs.Values.Where(j => j.State.HoldsResources()).ToList())
        {
            var lost = job.Placement.Select(p => p.WorkerId).Distinct(StringComparer.Ordinal).Where(id => !_workers.ContainsKey(id)).ToList();
            if (lost.Count == 0)
            {
                continue;
            }

            RequestStop(job, TrainMessageTypes.StopCancel, "worker-lost");
            if (job.CancelRequested)
            {
                Finish(job, JobState.Cancelled, now, "cancelled by user (worker lost meanwhile)");
            }
            else if (job.StopReason == "timeout")
            {
                Finish(job, JobState.Failed, now, "timeout");
            }
            else
            {
                Interrupt(job, now, $"worker {string.Join(",", lost)} lost");
            }
        }
    }

    /// <summary>
    /// A rank its live worker no longer runs, with no exit report (an assignment lost in a scheduler crash, a report
    /// lost in transit): the attempt cannot finish, so the job is requeued from its checkpoint.
    /// </summary>
    private void DetectVanishedRanks(DateTimeOffset now)
    {
        foreach (var job in _jobs.Values.Where(j => j.State.HoldsResources() && j.PlacedAt is { } at && now - at > _options.HeartbeatTimeout).ToList())
        {
            var vanished = job.Placement.Where(p =>
                _workers.TryGetValue(p.WorkerId, out var w) && w.LastSeen - job.PlacedAt!.Value > _options.HeartbeatTimeout
                && !w.Running.Any(r => r.JobId == job.JobId && r.Attempt == job.Attempt && r.Rank == p.Rank)
                && !job.Ranks.Any(r => r.Attempt == job.Attempt && r.Rank == p.Rank)).ToList();
            if (vanished.Count == 0)
            {
                continue;
            }

            RequestStop(job, TrainMessageTypes.StopCancel, "rank-vanished");
            if (job.CancelRequested)
            {
                Finish(job, JobState.Cancelled, now, "cancelled by user");
            }
            else
            {
                Interrupt(job, now, $"rank {vanished[0].Rank} is no longer running on {vanished[0].WorkerId} (its worker restarted, or a report was lost)");
            }
        }
    }

    private void EnforceTimeouts(DateTimeOffset now)
    {
        foreach (var job in _jobs.Values.Where(j => !j.State.IsFinal() && j.Spec.Timeout is not null).ToList())
        {
            var limit = Specs.JobSpecLoader.ParseDuration(job.Spec.Timeout)!.Value;
            if (job.StartedAt is not { } started || now - started <= limit)
            {
                continue;
            }

            if (job.State == JobState.Pending)
            {
                Finish(job, JobState.Failed, now, "timeout");
            }
            else if (job.StopReason is null)
            {
                RequestStop(job, TrainMessageTypes.StopCancel, "timeout");
                _dirty.Add(job);
            }
        }
    }

    /// <summary>Stops the fewest lowest-priority running jobs whose resources let <paramref name="job"/> fit.</summary>
    private bool TryPreemptFor(JobRecord job, Dictionary<string, Capacity> free)
    {
        var stopping = _jobs.Values.Where(j => j.State.HoldsResources() && j.StopReason is not null).ToList();
        var hypothetical = new Dictionary<string, Capacity>(free, StringComparer.Ordinal);
        foreach (var s in stopping)
        {
            Release(hypothetical, s);
        }

        if (stopping.Count > 0 && GangPlacer.TryPlace(hypothetical, job.Spec.WorldSize, job.Spec.GpusPerRank) is not null)
        {
            return true; // enough is already on its way out
        }

        var victims = new List<JobRecord>();
        foreach (var v in _jobs.Values
            .Where(j => j.State.HoldsResources() && j.StopReason is null && j.Spec.Priority < job.Spec.Priority)
            .OrderBy(j => j.Spec.Priority).ThenByDescending(j => j.StartedAt))
        {
            victims.Add(v);
            Release(hypothetical, v);
            if (GangPlacer.TryPlace(hypothetical, job.Spec.WorldSize, job.Spec.GpusPerRank) is not null)
            {
                foreach (var victim in victims)
                {
                    RequestStop(victim, TrainMessageTypes.StopPreempt, "preempt");
                    _dirty.Add(victim);
                }

                return true;
            }
        }

        return false;
    }

    internal static void Release(Dictionary<string, Capacity> free, JobRecord job)
    {
        foreach (var p in job.Placement)
        {
            if (free.TryGetValue(p.WorkerId, out var c))
            {
                free[p.WorkerId] = new Capacity(c.Slots + 1, c.Gpus + job.Spec.GpusPerRank);
            }
        }
    }

    private void Place(JobRecord job, List<RankPlacement> placement, DateTimeOffset now)
    {
        var parent = Parent(job);
        var workers = string.Join(",", placement.Select(p => p.WorkerId).Distinct(StringComparer.Ordinal));
        using (var wait = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.QueueWaitSpan, ActivityKind.Internal, parent, startTime: job.QueuedAt))
        {
            wait?.SetTag(TrainingTelemetry.JobIdTag, job.JobId);
            wait?.SetEndTime(now.UtcDateTime);
        }

        Metrics?.RecordQueueWait(now - job.QueuedAt, job.Spec.Priority);
        job.Attempt++;
        job.PlacedAt = now;
        job.LastFailure = null;
        job.Placement = placement;
        job.NotBefore = null;
        job.StopReason = null;
        job.WaitReason = null;
        job.AttemptStartStep = job.CheckpointStep;
        job.LastProgressAt = null;
        string? placementParent;
        using (var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.PlacementSpan, ActivityKind.Producer, parent))
        {
            span?.SetTag(TrainingTelemetry.JobIdTag, job.JobId);
            span?.SetTag(TrainingTelemetry.AttemptTag, job.Attempt);
            span?.SetTag("training.workers", workers);
            span?.SetTag("training.world_size", job.Spec.WorldSize);
            placementParent = TrainingTelemetry.TraceParentOf(span) ?? job.TraceParent;
            job.Rendezvous = $"attempt-{job.Attempt}";
            foreach (var group in placement.GroupBy(p => p.WorkerId, StringComparer.Ordinal))
            {
                Send(TrainMessageTypes.Assign, group.Key, job.JobId, job.Attempt, fill: m =>
                {
                    m.Spec = job.Spec;
                    m.Ranks = group.Select(p => p.Rank).ToList();
                    m.WorldSize = job.Spec.WorldSize;
                    m.Rendezvous = job.Rendezvous;
                    m.TraceParent = placementParent;
                    m.CheckpointStep = job.CheckpointStep;
                });
            }
        }

        job.Transition(JobState.Scheduled, now, $"attempt {job.Attempt} placed on {workers}");
        _dirty.Add(job);
    }
}
