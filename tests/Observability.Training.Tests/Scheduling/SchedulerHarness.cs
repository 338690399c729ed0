using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Training.Tests.Scheduling;

/// <summary>Drives a <see cref="SchedulerCore"/> with workers' messages on a clock the test moves.</summary>
internal sealed class SchedulerHarness
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SchedulerHarness(SchedulerOptions? options = null)
    {
        Core = new SchedulerCore(options ?? new SchedulerOptions { TickInterval = TimeSpan.FromSeconds(1), HeartbeatTimeout = TimeSpan.FromSeconds(10) }, T0);
    }

    public SchedulerCore Core { get; }

    public DateTimeOffset Now { get; private set; } = T0;

    public static JobSpec Spec(string name, int world = 1, int priority = 0, string? timeout = null, int steps = 100) => new()
    {
        Name = name, Owner = "alice", Steps = steps, WorldSize = world, BatchSize = 8, Priority = priority, Timeout = timeout,
    };

    public void At(double seconds) => Now = T0.AddSeconds(seconds);

    public void Beat(string worker, int slots, bool draining = false) =>
        Core.Handle(new TrainMessage { Type = TrainMessageTypes.Heartbeat, WorkerId = worker, Slots = slots, Draining = draining, Running = Running(worker) }, Now);

    public void Submit(string id, JobSpec spec)
    {
        Core.Handle(new TrainMessage { Type = TrainMessageTypes.Submit, JobId = id, Spec = spec }, Now);
    }

    public void Tick() => Core.Tick(Now);

    public JobRecord Job(string id) => Core.Find(id)!;

    public void Started(string id)
    {
        var job = Job(id);
        foreach (var p in job.Placement)
        {
            Core.Handle(Report(job, p, TrainMessageTypes.Started, m => m.TotalSteps = job.Spec.Steps), Now);
        }
    }

    public void Progress(string id, long step, long checkpoint = 0)
    {
        var job = Job(id);
        Core.Handle(Report(job, job.Placement[0], TrainMessageTypes.Progress, m => (m.Step, m.TotalSteps, m.CheckpointStep) = (step, job.Spec.Steps, checkpoint)), Now);
    }

    /// <summary>Every rank of the current attempt exits with <paramref name="code"/> (reason: what the worker says).</summary>
    public void Exit(string id, int code, string? reason = null)
    {
        var job = Job(id);
        foreach (var p in job.Placement.ToList())
        {
            Core.Handle(Report(job, p, TrainMessageTypes.Exited, m => (m.ExitCode, m.Reason) = (code, reason)), Now);
        }
    }

    public void ExitRank(string id, int rank, int code, string? reason = null)
    {
        var job = Job(id);
        Core.Handle(Report(job, job.Placement.First(p => p.Rank == rank), TrainMessageTypes.Exited, m => (m.ExitCode, m.Reason) = (code, reason)), Now);
    }

    private List<RunningRank> Running(string worker) =>
        Core.Jobs.Where(j => j.State.HoldsResources()).SelectMany(j => j.Placement.Where(p => p.WorkerId == worker).Select(p => new RunningRank(j.JobId, j.Attempt, p.Rank, j.Step))).ToList();

    private static TrainMessage Report(JobRecord job, RankPlacement p, string kind, Action<TrainMessage> fill)
    {
        var m = new TrainMessage { Type = TrainMessageTypes.RankReport, Kind = kind, JobId = job.JobId, Attempt = job.Attempt, Rank = p.Rank, WorkerId = p.WorkerId };
        fill(m);
        return m;
    }
}
