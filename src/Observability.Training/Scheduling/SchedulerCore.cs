using System.Diagnostics;
using Observability.Core.Retry;
using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;

namespace Observability.Training.Scheduling;

/// <summary>
/// The scheduler's state machine, free of I/O: messages and clock ticks go in; changed job records (to persist) and
/// outgoing train.* messages come out. One thread drives it (<see cref="TrainingScheduler"/>), so it needs no locks.
/// </summary>
public sealed partial class SchedulerCore
{
    private readonly SchedulerOptions _options;
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerInfo> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<JobRecord> _dirty = [];
    private readonly List<TransportMessage> _outbox = [];
    private readonly DateTimeOffset _startedAt;
    private readonly ExponentialBackoff _retryBackoff;

    public SchedulerCore(SchedulerOptions options, DateTimeOffset now, IEnumerable<JobRecord>? restored = null, int seed = 0)
    {
        options.Validate();
        _options = options;
        _startedAt = now;
        _retryBackoff = new ExponentialBackoff(options.RetryBackoff, options.MaxRetryBackoff, BackoffJitter.Spread, seed == 0 ? new Random() : new Random(seed));
        foreach (var job in restored ?? [])
        {
            _jobs[job.JobId] = job;
        }
    }

    public IReadOnlyCollection<JobRecord> Jobs => _jobs.Values;

    /// <summary>Where queue-wait measurements go (null: not measured).</summary>
    public SchedulerMetrics? Metrics { get; set; }

    public IReadOnlyCollection<WorkerInfo> Workers => _workers.Values;

    public JobRecord? Find(string jobId) => _jobs.GetValueOrDefault(jobId);

    /// <summary>Job records changed since the last call, to persist before the outgoing messages are sent.</summary>
    public List<JobRecord> TakeDirty()
    {
        var list = _dirty.ToList();
        _dirty.Clear();
        return list;
    }

    public List<TransportMessage> TakeOutbox()
    {
        var list = _outbox.ToList();
        _outbox.Clear();
        return list;
    }

    public void Handle(TrainMessage m, DateTimeOffset now)
    {
        switch (m.Type)
        {
            case TrainMessageTypes.Submit: Submit(m, now); break;
            case TrainMessageTypes.Cancel: Cancel(m.JobId, now); break;
            case TrainMessageTypes.Heartbeat: Heartbeat(m, now); break;
            case TrainMessageTypes.RankReport: RankReport(m, now); break;
            default: throw new InvalidDataException($"unknown train message type '{m.Type}'");
        }
    }

    public void Tick(DateTimeOffset now)
    {
        FireRecurring(now);
        DetectLostWorkers(now);
        DetectVanishedRanks(now);
        EnforceTimeouts(now);
        Schedule(now);
    }

    private void Submit(TrainMessage m, DateTimeOffset now)
    {
        if (m.JobId is null || m.Spec is null)
        {
            throw new InvalidDataException("submit needs jobId and spec");
        }

        Specs.JobSpecLoader.Validate(m.Spec);
        if (_jobs.ContainsKey(m.JobId))
        {
            return; // a redelivered submission: the job exists already
        }

        var job = new JobRecord
        {
            JobId = m.JobId,
            Spec = m.Spec,
            SubmittedAt = now,
            QueuedAt = now,
            TraceParent = m.TraceParent,
        };
        if (m.Spec.Schedule is { } cron)
        {
            job.IsRecurring = true;
            job.NotBefore = NextFire(cron, now);
            job.Transition(JobState.Pending, now, $"recurring ({cron}); first run at {job.NotBefore:u}");
        }
        else
        {
            job.Transition(JobState.Pending, now, "submitted");
        }

        _jobs[job.JobId] = job;
        _dirty.Add(job);
        RefuseIfTooLarge(job, now);
        ForgetOldJobs();
    }

    private void Cancel(string? jobId, DateTimeOffset now)
    {
        if (jobId is null || !_jobs.TryGetValue(jobId, out var job) || job.State.IsFinal())
        {
            return;
        }

        job.CancelRequested = true;
        if (job.State == JobState.Pending)
        {
            Finish(job, JobState.Cancelled, now, "cancelled by user");
            return;
        }

        RequestStop(job, TrainMessageTypes.StopCancel, "cancel");
        _dirty.Add(job);
    }

    private void Heartbeat(TrainMessage m, DateTimeOffset now)
    {
        if (m.WorkerId is null)
        {
            throw new InvalidDataException("heartbeat needs workerId");
        }

        if (!_workers.TryGetValue(m.WorkerId, out var w))
        {
            w = new WorkerInfo { WorkerId = m.WorkerId };
            _workers[m.WorkerId] = w;
        }

        w.Host = m.Host;
        w.Slots = Math.Max(0, m.Slots);
        w.Gpus = Math.Max(0, m.Gpus);
        w.LastSeen = now;
        w.Running = m.Running ?? [];
        w.Draining = m.Draining;

        // Ranks the scheduler no longer wants there (an old attempt, a finished job): tell the worker to stop them.
        foreach (var r in w.Running)
        {
            var wanted = _jobs.TryGetValue(r.JobId, out var job) && job.State.HoldsResources() && job.Attempt == r.Attempt
                && job.Placement.Any(p => p.WorkerId == w.WorkerId && p.Rank == r.Rank);
            if (!wanted)
            {
                Send(TrainMessageTypes.Stop, w.WorkerId, r.JobId, r.Attempt, TrainMessageTypes.StopCancel);
            }
        }
    }

    private void RankReport(TrainMessage m, DateTimeOffset now)
    {
        if (m.JobId is null || !_jobs.TryGetValue(m.JobId, out var job) || m.Attempt != job.Attempt || !job.State.HoldsResources())
        {
            return; // a late report of an attempt that is over
        }

        switch (m.Kind)
        {
            case TrainMessageTypes.Started:
                job.Step = Math.Max(job.Step, m.Step);
                job.TotalSteps = m.TotalSteps > 0 ? m.TotalSteps : job.TotalSteps;
                _dirty.Add(job);
                if (job.State == JobState.Scheduled)
                {
                    job.StartedAt ??= now;
                    job.Transition(JobState.Running, now, $"attempt {job.Attempt} running");
                    _dirty.Add(job);
                }

                break;
            case TrainMessageTypes.Progress:
            case TrainMessageTypes.Checkpoint:
                job.Step = Math.Max(job.Step, m.Step);
                job.TotalSteps = m.TotalSteps > 0 ? m.TotalSteps : job.TotalSteps;
                job.Loss = m.Loss ?? job.Loss;
                job.CheckpointStep = Math.Max(job.CheckpointStep, m.CheckpointStep);
                RecordStepRate(job, now);
                _dirty.Add(job);
                break;
            case TrainMessageTypes.Exited:
                RankExited(job, m, now);
                break;
            default:
                throw new InvalidDataException($"unknown rank report kind '{m.Kind}'");
        }
    }

    private void RetryOrFail(JobRecord job, DateTimeOffset now, string reason)
    {
        job.Failures++;
        if (job.Failures > job.Spec.MaxRetries)
        {
            Finish(job, JobState.Failed, now, reason);
            return;
        }

        var backoff = _retryBackoff.Delay(job.Failures);
        Requeue(job, now, $"retry {job.Failures}/{job.Spec.MaxRetries} after: {reason}", now + backoff);
    }

    private void Requeue(JobRecord job, DateTimeOffset now, string reason, DateTimeOffset? notBefore)
    {
        job.Placement = [];
        job.StopReason = null;
        job.NotBefore = notBefore;
        job.QueuedAt = now;
        job.Transition(JobState.Pending, now, reason);
        _dirty.Add(job);
    }

    private void Finish(JobRecord job, JobState state, DateTimeOffset now, string reason)
    {
        job.FinishedAt = now;
        job.Placement = [];
        job.StopReason = null;
        job.Transition(state, now, reason);
        _dirty.Add(job);
    }

    private void RequestStop(JobRecord job, string mode, string reason)
    {
        job.StopReason ??= reason;
        foreach (var worker in job.Placement.Select(p => p.WorkerId).Distinct(StringComparer.Ordinal))
        {
            Send(TrainMessageTypes.Stop, worker, job.JobId, job.Attempt, mode);
        }
    }

    private void Send(string type, string workerId, string jobId, int attempt, string? reason = null, Action<TrainMessage>? fill = null)
    {
        var m = new TrainMessage { Type = type, WorkerId = workerId, JobId = jobId, Attempt = attempt, Reason = reason };
        fill?.Invoke(m);
        _outbox.Add(TrainJson.ToTransport(Topics.TrainAssignments, workerId, m));
    }

    private void ForgetOldJobs()
    {
        if (_jobs.Count <= _options.MaxJobs)
        {
            return;
        }

        foreach (var old in _jobs.Values.Where(j => j.State.IsFinal()).OrderBy(j => j.FinishedAt).Take(_jobs.Count - _options.MaxJobs).ToList())
        {
            _jobs.Remove(old.JobId);
        }
    }

    private static ActivityContext Parent(JobRecord job) => TrainingTelemetry.ParentFrom(job.TraceParent);
}
