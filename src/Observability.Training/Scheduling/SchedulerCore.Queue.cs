namespace Observability.Training.Scheduling;

/// <summary>
/// The queue pass: strict priority order with a reservation for the first gang that does not fit, and Slurm-style
/// backfill behind it. A later job may start before that gang only if it cannot delay it: it ends (by its timeout,
/// or a measured step rate) before the reservation starts, or it leaves room for the gang even while it runs on.
/// </summary>
public sealed partial class SchedulerCore
{
    /// <summary>When the first blocked gang can start (null: not known, some running job has no end estimate) and what is free then.</summary>
    private sealed record Reservation(JobRecord Job, DateTimeOffset? Start, Dictionary<string, Capacity> FreeAtStart);

    private void Schedule(DateTimeOffset now)
    {
        var live = _workers.Values.Where(w => !w.Draining).ToList();
        var idle = live.ToDictionary(w => w.WorkerId, w => new Capacity(w.Slots, w.Gpus), StringComparer.Ordinal);
        var free = new Dictionary<string, Capacity>(idle, StringComparer.Ordinal);
        var ownerSlots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var job in _jobs.Values.Where(j => j.State.HoldsResources()))
        {
            Take(free, job.Placement, job.Spec.GpusPerRank);
            ownerSlots[job.Spec.Owner] = ownerSlots.GetValueOrDefault(job.Spec.Owner) + job.Spec.WorldSize;
        }

        var pending = _jobs.Values.Where(j => j.State == JobState.Pending && !j.IsRecurring).ToList();
        int? reservedPriority = null;
        Reservation? reservation = null;
        while (pending.Count > 0)
        {
            // Highest priority first; within it the owner with the fewest running ranks (fair share); then FIFO.
            var fifo = _options.Policy == QueuePolicy.FifoFirstFit;
            var job = pending
                .OrderByDescending(j => fifo ? 0 : j.Spec.Priority)
                .ThenBy(j => fifo ? 0 : ownerSlots.GetValueOrDefault(j.Spec.Owner))
                .ThenBy(j => j.SubmittedAt)
                .ThenBy(j => j.JobId, StringComparer.Ordinal)
                .First();
            pending.Remove(job);
            if (job.NotBefore is { } notBefore && notBefore > now)
            {
                SetWait(job, WaitReasons.BeginTime);
                continue;
            }

            if (GangPlacer.TryPlace(idle, job.Spec.WorldSize, job.Spec.GpusPerRank) is null)
            {
                SetWait(job, WaitReasons.TooLarge); // it blocks nobody: it could not start even on an idle cluster
                continue;
            }

            if (reservedPriority is { } p && job.Spec.Priority < p)
            {
                SetWait(job, WaitReasons.Priority); // resources are being freed for a higher-priority job
                continue;
            }

            var placement = GangPlacer.TryPlace(free, job.Spec.WorldSize, job.Spec.GpusPerRank);
            if (placement is null)
            {
                if (_options.Preemption && TryPreemptFor(job, free))
                {
                    reservedPriority = job.Spec.Priority;
                    SetWait(job, WaitReasons.Resources);
                }
                else if (reservation is null && !fifo)
                {
                    reservation = Reserve(job, free, now);
                    SetWait(job, WaitReasons.Resources);
                }
                else
                {
                    SetWait(job, WaitReasons.Priority);
                }

                continue;
            }

            if (reservation is not null && !MayBackfill(job, placement, reservation, now))
            {
                SetWait(job, WaitReasons.Reservation);
                continue;
            }

            Take(free, placement, job.Spec.GpusPerRank);
            ownerSlots[job.Spec.Owner] = ownerSlots.GetValueOrDefault(job.Spec.Owner) + job.Spec.WorldSize;
            Place(job, placement, now);
        }
    }

    /// <summary>
    /// The earliest instant the gang fits, releasing running jobs in the order of their estimated ends; the slots free
    /// then are what later jobs must leave to it.
    /// </summary>
    private Reservation Reserve(JobRecord gang, Dictionary<string, Capacity> free, DateTimeOffset now)
    {
        var atStart = new Dictionary<string, Capacity>(free, StringComparer.Ordinal);
        var running = _jobs.Values.Where(j => j.State.HoldsResources())
            .Select(j => (Job: j, End: EstimatedEnd(j, now)))
            .OrderBy(x => x.End ?? DateTimeOffset.MaxValue)
            .ToList();
        foreach (var (job, end) in running)
        {
            Release(atStart, job);
            if (GangPlacer.TryPlace(atStart, gang.Spec.WorldSize, gang.Spec.GpusPerRank) is not null)
            {
                return new Reservation(gang, end is null ? null : Max(end.Value, now), atStart);
            }
        }

        return new Reservation(gang, null, atStart);
    }

    /// <summary>Whether <paramref name="job"/> may start now without delaying the reservation (and books it if it runs past its start).</summary>
    private static bool MayBackfill(JobRecord job, List<RankPlacement> placement, Reservation reservation, DateTimeOffset now)
    {
        if (reservation.Start is { } start && EstimatedRunEnd(job, now) is { } end && end <= start)
        {
            return true; // done before the gang's slots are needed
        }

        var without = new Dictionary<string, Capacity>(reservation.FreeAtStart, StringComparer.Ordinal);
        Take(without, placement, job.Spec.GpusPerRank);
        if (without.Values.Any(c => c.Slots < 0 || c.Gpus < 0)
            || GangPlacer.TryPlace(without, reservation.Job.Spec.WorldSize, reservation.Job.Spec.GpusPerRank) is null)
        {
            return false;
        }

        foreach (var (id, c) in without)
        {
            reservation.FreeAtStart[id] = c; // it may still run at the start: what it holds is no longer the gang's
        }

        return true;
    }

    /// <summary>When a running job will have ended: its timeout (enforced, so an upper bound), else its measured step rate.</summary>
    internal static DateTimeOffset? EstimatedEnd(JobRecord job, DateTimeOffset now)
    {
        DateTimeOffset? byTimeout = Specs.JobSpecLoader.ParseDuration(job.Spec.Timeout) is { } limit ? (job.StartedAt ?? now) + limit : null;
        DateTimeOffset? byRate = job.StepSeconds > 0 && job.TotalSteps > 0
            ? now + TimeSpan.FromSeconds(Math.Max(0, job.TotalSteps - job.Step) * job.StepSeconds)
            : null;
        return (byTimeout, byRate) switch
        {
            ({ } t, { } r) => t < r ? t : r,
            ({ } t, null) => t,
            (null, { } r) => r,
            _ => null,
        };
    }

    /// <summary>When a pending job started now would end: its timeout, else the step rate of an earlier attempt.</summary>
    private static DateTimeOffset? EstimatedRunEnd(JobRecord job, DateTimeOffset now)
    {
        if (Specs.JobSpecLoader.ParseDuration(job.Spec.Timeout) is { } limit)
        {
            return (job.StartedAt ?? now) + limit;
        }

        var remaining = Math.Max(0, (job.TotalSteps > 0 ? job.TotalSteps : job.Spec.Steps) - job.CheckpointStep);
        return job.StepSeconds > 0 && remaining > 0 ? now + TimeSpan.FromSeconds(remaining * job.StepSeconds) : null;
    }

    private void SetWait(JobRecord job, string reason)
    {
        if (job.WaitReason != reason)
        {
            job.WaitReason = reason;
            _dirty.Add(job);
        }
    }

    private static void Take(Dictionary<string, Capacity> free, List<RankPlacement> placement, int gpusPerRank)
    {
        foreach (var p in placement)
        {
            if (free.TryGetValue(p.WorkerId, out var c))
            {
                free[p.WorkerId] = new Capacity(c.Slots - 1, c.Gpus - gpusPerRank);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
