using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Training.Tests.Scheduling;

public sealed class SchedulerCoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SchedulerOptions _options = new() { TickInterval = TimeSpan.FromSeconds(1), HeartbeatTimeout = TimeSpan.FromSeconds(10), RetryBackoff = TimeSpan.FromSeconds(4) };

    private static JobSpec Spec(string name, int world = 1, int priority = 0, string owner = "alice", int gpus = 0, int retries = 2, string? timeout = null) => new()
    {
        Name = name, Owner = owner, Steps = 10, WorldSize = world, BatchSize = 8, Priority = priority, GpusPerRank = gpus, MaxRetries = retries, Timeout = timeout,
    };

    private static TrainMessage Submit(string id, JobSpec spec) => new() { Type = TrainMessageTypes.Submit, JobId = id, Spec = spec };

    private static TrainMessage Beat(string worker, int slots, int gpus = 0, params RunningRank[] running) =>
        new() { Type = TrainMessageTypes.Heartbeat, WorkerId = worker, Slots = slots, Gpus = gpus, Running = [.. running] };

    private static TrainMessage Report(JobRecord job, int rank, string kind, int? exit = null, string worker = "w1") =>
        new() { Type = TrainMessageTypes.RankReport, JobId = job.JobId, Attempt = job.Attempt, Rank = rank, Kind = kind, ExitCode = exit, WorkerId = worker };

    private static List<TrainMessage> Sent(SchedulerCore core) =>
        core.TakeOutbox().Select(m => TrainJson.Deserialize<TrainMessage>(m.Value.Span)).ToList();

    [Fact]
    public void HigherPriorityRunsFirstThenFifoWithinAPriority()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Submit("low", Spec("low", priority: 0)), T0);
        core.Handle(Submit("first", Spec("first", priority: 5)), T0.AddSeconds(1));
        core.Handle(Submit("second", Spec("second", priority: 5)), T0.AddSeconds(2));
        core.Handle(Beat("w1", slots: 1), T0.AddSeconds(3));

        core.Tick(T0.AddSeconds(3));
        Assert.Equal(JobState.Scheduled, core.Find("first")!.State);
        Assert.Equal(JobState.Pending, core.Find("second")!.State);
        Assert.Equal(JobState.Pending, core.Find("low")!.State);
    }

    [Fact]
    public void FairShareFavoursTheOwnerWithFewerRunningRanks()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Submit("a1", Spec("a1", owner: "alice")), T0);
        core.Handle(Submit("a2", Spec("a2", owner: "alice")), T0.AddSeconds(1));
        core.Handle(Submit("b1", Spec("b1", owner: "bob")), T0.AddSeconds(2));
        core.Handle(Beat("w1", slots: 2), T0);

        core.Tick(T0.AddSeconds(3));
        Assert.Equal(JobState.Scheduled, core.Find("a1")!.State);
        Assert.Equal(JobState.Scheduled, core.Find("b1")!.State); // bob before alice's second job, though submitted later
        Assert.Equal(JobState.Pending, core.Find("a2")!.State);
    }

    [Fact]
    public void GangPlacementStartsAllRanksOrNone()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Submit("big", Spec("big", world: 3, gpus: 1)), T0);
        core.Handle(Beat("w1", slots: 4, gpus: 1), T0);
        core.Handle(Beat("w2", slots: 4, gpus: 1), T0);
        core.Tick(T0.AddSeconds(1));
        Assert.Equal(JobState.Pending, core.Find("big")!.State); // 3 GPUs wanted, 2 offered: no partial start
        Assert.Empty(Sent(core));

        core.Handle(Beat("w3", slots: 1, gpus: 1), T0.AddSeconds(2));
        core.Tick(T0.AddSeconds(2));
        var job = core.Find("big")!;
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(["w1", "w2", "w3"], job.Placement.Select(p => p.WorkerId).Order());
        var assigns = Sent(core);
        Assert.Equal(3, assigns.Count(m => m.Type == TrainMessageTypes.Assign));
        Assert.Equal(1.0, SchedulerMetrics.GpuRatio(core));
    }

    [Fact]
    public void AHigherPriorityJobPreemptsTheLowestPriorityRunningJobAndWaitsForItsCheckpoint()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", slots: 2), T0);
        core.Handle(Submit("mid", Spec("mid", priority: 5)), T0);
        core.Handle(Submit("low", Spec("low", priority: 1)), T0);
        core.Tick(T0);
        Sent(core);
        core.Handle(Submit("urgent", Spec("urgent", world: 1, priority: 9)), T0.AddSeconds(1));
        core.Handle(Submit("filler", Spec("filler", priority: 0)), T0.AddSeconds(1));
        core.Tick(T0.AddSeconds(1));

        var stop = Assert.Single(Sent(core));
        Assert.Equal((TrainMessageTypes.Stop, "low", TrainMessageTypes.StopPreempt), (stop.Type, stop.JobId, stop.Reason));
        Assert.Equal(JobState.Pending, core.Find("urgent")!.State); // not placed until "low" has really stopped

        var low = core.Find("low")!;
        core.Handle(Report(low, 0, TrainMessageTypes.Exited, RankExitCodes.Stopped), T0.AddSeconds(2));
        Assert.Contains(low.History, h => h.State == JobState.Preempted);
        Assert.Equal(JobState.Pending, low.State);
        core.Tick(T0.AddSeconds(2));
        Assert.Equal(JobState.Scheduled, core.Find("urgent")!.State);
        Assert.Equal(JobState.Pending, core.Find("filler")!.State);
        Assert.Equal(0, low.Failures);
    }

    [Fact]
    public void MissedHeartbeatsRequeueTheJobWithoutCountingAFailure()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", slots: 1), T0);
        core.Handle(Beat("w2", slots: 1), T0);
        core.Handle(Submit("j", Spec("j", world: 2)), T0);
        core.Tick(T0);
        var job = core.Find("j")!;
        core.Handle(Report(job, 0, TrainMessageTypes.Started), T0.AddSeconds(1));
        core.Handle(new TrainMessage { Type = TrainMessageTypes.RankReport, Kind = TrainMessageTypes.Checkpoint, JobId = "j", Attempt = 1, CheckpointStep = 5 }, T0.AddSeconds(2));
        Sent(core);

        // w2 keeps beating; w1 falls silent.
        core.Handle(Beat("w2", 1, 0, new RunningRank("j", 1, 1, 6)), T0.AddSeconds(9));
        core.Handle(Beat("w3", 1), T0.AddSeconds(9));
        core.Tick(T0.AddSeconds(11));

        Assert.Equal(2, job.Attempt);
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(0, job.Failures);
        Assert.Equal(["w2", "w3"], job.Placement.Select(p => p.WorkerId).Order());
        Assert.Contains(job.History, h => h.State == JobState.Interrupted && h.Reason!.Contains("w1 lost", StringComparison.Ordinal));
        Assert.Contains(job.History, h => h.State == JobState.Pending && h.Reason!.Contains("checkpoint step 5", StringComparison.Ordinal));
        var sent = Sent(core);
        Assert.Contains(sent, m => m.Type == TrainMessageTypes.Stop && m.WorkerId == "w2" && m.Attempt == 1); // the surviving old rank
        Assert.All(sent.Where(m => m.Type == TrainMessageTypes.Assign), m => Assert.Equal(5, m.CheckpointStep));
    }

    [Fact]
    public void AFailedRankIsRetriedWithBackoffThenTheJobFails()
    {
        var core = new SchedulerCore(_options, T0, seed: 1);
        core.Handle(Beat("w1", slots: 1), T0);
        core.Handle(Submit("j", Spec("j", retries: 1)), T0);
        core.Tick(T0);
        var job = core.Find("j")!;

        core.Handle(Report(job, 0, TrainMessageTypes.Exited, exit: 1), T0.AddSeconds(1));
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(1, job.Failures);
        Assert.InRange(job.NotBefore!.Value - T0.AddSeconds(1), TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(4.8));

        core.Handle(Beat("w1", slots: 1), T0.AddSeconds(2));
        core.Tick(T0.AddSeconds(2));
        Assert.Equal(JobState.Pending, job.State); // still backing off
        core.Tick(T0.AddSeconds(6));
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(2, job.Attempt);

        core.Handle(Report(job, 0, TrainMessageTypes.Exited, exit: 1), T0.AddSeconds(7));
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("exited with code 1", job.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CancellationStopsRunningRanksAndAPendingJobAtOnce()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", slots: 1), T0);
        core.Handle(Submit("run", Spec("run")), T0);
        core.Handle(Submit("wait", Spec("wait")), T0.AddSeconds(1));
        core.Tick(T0.AddSeconds(1));
        Sent(core);

        core.Handle(new TrainMessage { Type = TrainMessageTypes.Cancel, JobId = "wait" }, T0.AddSeconds(2));
        Assert.Equal(JobState.Cancelled, core.Find("wait")!.State);

        core.Handle(new TrainMessage { Type = TrainMessageTypes.Cancel, JobId = "run" }, T0.AddSeconds(2));
        var stop = Assert.Single(Sent(core));
        Assert.Equal((TrainMessageTypes.Stop, TrainMessageTypes.StopCancel), (stop.Type, stop.Reason));
        var run = core.Find("run")!;
        core.Handle(Report(run, 0, TrainMessageTypes.Exited, exit: 137), T0.AddSeconds(3));
        Assert.Equal(JobState.Cancelled, run.State);
        Assert.Equal(0, run.Failures);
    }

    [Fact]
    public void ATimedOutJobIsStoppedAndFails()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", slots: 1), T0);
        core.Handle(Submit("slow", Spec("slow", timeout: "30s")), T0);
        core.Tick(T0);
        var job = core.Find("slow")!;
        core.Handle(Report(job, 0, TrainMessageTypes.Started), T0.AddSeconds(1));
        core.Handle(Beat("w1", 1, 0, new RunningRank("slow", 1, 0, 3)), T0.AddSeconds(25));
        core.Tick(T0.AddSeconds(25));
        Assert.DoesNotContain(Sent(core), m => m.Type == TrainMessageTypes.Stop);

        core.Handle(Beat("w1", 1, 0, new RunningRank("slow", 1, 0, 9)), T0.AddSeconds(32));
        core.Tick(T0.AddSeconds(32));
        Assert.Contains(Sent(core), m => m.Type == TrainMessageTypes.Stop && m.JobId == "slow");
        core.Handle(Report(job, 0, TrainMessageTypes.Exited, exit: 137), T0.AddSeconds(33));
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal("timeout", job.Reason);
    }

    [Fact]
    public void ARedeliveredSubmissionDoesNotCreateASecondJobAndStaleReportsAreIgnored()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Submit("j", Spec("j")), T0);
        core.Handle(Submit("j", Spec("j")), T0.AddSeconds(1));
        Assert.Single(core.Jobs);

        core.Handle(Beat("w1", slots: 1), T0);
        core.Tick(T0.AddSeconds(1));
        var job = core.Find("j")!;
        core.Handle(new TrainMessage { Type = TrainMessageTypes.RankReport, JobId = "j", Attempt = 99, Kind = TrainMessageTypes.Exited, ExitCode = 1 }, T0.AddSeconds(2));
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(0, job.Failures);
    }

    [Fact]
    public void AWorkerRunningARankTheSchedulerNoLongerWantsIsToldToStopIt()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", 1, 0, new RunningRank("ghost", 3, 0, 10)), T0);
        var stop = Assert.Single(Sent(core));
        Assert.Equal(("ghost", 3, TrainMessageTypes.Stop), (stop.JobId, stop.Attempt, stop.Type));
    }

    [Fact]
    public void AfterARestartJobsOnWorkersThatNeverReportBackAreRequeued()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", slots: 1), T0);
        core.Handle(Submit("j", Spec("j")), T0);
        core.Tick(T0);
        var saved = TrainJson.Deserialize<JobRecord>(TrainJson.Serialize(core.Find("j")!));

        var restarted = new SchedulerCore(_options, T0.AddSeconds(60), [saved]);
        restarted.Tick(T0.AddSeconds(65));
        Assert.Equal(JobState.Scheduled, restarted.Find("j")!.State); // workers get one heartbeat timeout to report in
        restarted.Tick(T0.AddSeconds(71));
        Assert.Equal(JobState.Pending, restarted.Find("j")!.State);
    }

    [Fact]
    public void AnInvalidSubmissionIsRejectedWithTheKeyNamed()
    {
        var core = new SchedulerCore(_options, T0);
        var bad = Spec("x");
        bad.WorldSize = 0;
        var e = Assert.Throws<JobSpecException>(() => core.Handle(Submit("x", bad), T0));
        Assert.StartsWith("worldSize", e.Message, StringComparison.Ordinal);
        Assert.Empty(core.Jobs);
    }

    [Fact]
    public void ARecurringJobSubmitsARunAtEachCronFireTimeAndIsNeverPlacedItself()
    {
        var core = new SchedulerCore(_options, T0);
        var spec = Spec("nightly");
        spec.Schedule = "0 0 2 * * ?"; // 02:00 UTC daily
        core.Handle(Beat("w1", slots: 4), T0);
        core.Handle(Submit("nightly", spec), T0);
        core.Tick(T0.AddHours(1));
        Assert.Single(core.Jobs);
        Assert.Equal(JobState.Pending, core.Find("nightly")!.State);
        Assert.Equal(T0.AddHours(2), core.Find("nightly")!.NotBefore);

        core.Handle(Beat("w1", slots: 4), T0.AddHours(2).AddSeconds(1));
        core.Tick(T0.AddHours(2).AddSeconds(1));
        var run = core.Find("nightly-at-202601010200")!;
        Assert.Equal(JobState.Scheduled, run.State);
        Assert.Null(run.Spec.Schedule);
        Assert.Equal("nightly", run.RecurringParent);
        Assert.Equal(T0.AddHours(26), core.Find("nightly")!.NotBefore);

        core.Handle(new TrainMessage { Type = TrainMessageTypes.Cancel, JobId = "nightly" }, T0.AddHours(3));
        core.Tick(T0.AddHours(27));
        Assert.Equal(JobState.Cancelled, core.Find("nightly")!.State);
        Assert.Equal(2, core.Jobs.Count); // no further run after the recurring job was cancelled
    }

    [Fact]
    public void ARankThatCannotRunTheSpecFailsTheJobWithoutRetrying()
    {
        var core = new SchedulerCore(_options, T0);
        core.Handle(Beat("w1", slots: 2), T0);
        core.Handle(Submit("bad", Spec("bad", world: 2, retries: 5)), T0);
        core.Tick(T0);
        var job = core.Find("bad")!;
        core.Handle(Report(job, 0, TrainMessageTypes.Exited, RankExitCodes.InvalidConfiguration), T0.AddSeconds(1));
        Assert.Equal(JobState.Scheduled, job.State); // waits for the other rank, which it told to stop
        Assert.Contains(Sent(core), m => m.Type == TrainMessageTypes.Stop && m.JobId == "bad");
        core.Handle(Report(job, 1, TrainMessageTypes.Exited, exit: 137), T0.AddSeconds(2));
        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(0, job.Failures);
        Assert.Contains("not retried", job.Reason, StringComparison.Ordinal);
    }
}
