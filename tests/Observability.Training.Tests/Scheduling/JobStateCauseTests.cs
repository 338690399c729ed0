using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Training.Tests.Scheduling;

public sealed class JobStateCauseTests
{
    [Fact]
    public void RanksStoppedByTheirWorkerShuttingDownAreInterruptedAndRequeuedNeverSucceeded()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 2);
        h.Submit("j", SchedulerHarness.Spec("j", world: 2, steps: 3000));
        h.Tick();
        h.Started("j");
        h.Progress("j", 680, checkpoint: 680);
        h.Beat("w1", 2, draining: true);
        h.Exit("j", RankExitCodes.Stopped, "worker w1 shutting down");

        var job = h.Job("j");
        Assert.Equal(JobState.Pending, job.State);
        Assert.DoesNotContain(job.History, e => e.State == JobState.Succeeded);
        var interrupted = Assert.Single(job.History, e => e.State == JobState.Interrupted);
        Assert.Contains("worker w1 shutting down", interrupted.Reason, StringComparison.Ordinal);
        Assert.Contains("rank 0: 3, rank 1: 3", interrupted.Reason, StringComparison.Ordinal);
        Assert.Equal(0, job.Failures);
        Assert.Equal(680, job.CheckpointStep);

        // The draining worker gets nothing back; a restarted one (same id, not draining) gets the job, from step 680.
        h.At(1);
        h.Tick();
        Assert.Equal(JobState.Pending, job.State);
        h.Core.TakeOutbox();
        h.Beat("w1", 2);
        h.Tick();
        Assert.Equal(JobState.Scheduled, job.State);
        var assigns = h.Core.TakeOutbox().Select(m => TrainJson.Deserialize<TrainMessage>(m.Value.Span)).Where(m => m.Type == TrainMessageTypes.Assign).ToList();
        Assert.All(assigns, a => Assert.Equal(680, a.CheckpointStep));
        Assert.Equal(0, job.Failures);
    }

    [Fact]
    public void AJobSucceedsOnlyWhenEveryRankFinishedItsLastStep()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 2);
        h.Submit("j", SchedulerHarness.Spec("j", world: 2));
        h.Tick();
        h.Started("j");
        h.ExitRank("j", 0, RankExitCodes.Completed);
        h.ExitRank("j", 1, RankExitCodes.Stopped);
        Assert.Equal(JobState.Pending, h.Job("j").State); // one rank stopped short: interrupted, not succeeded
        Assert.Contains(h.Job("j").History, e => e.State == JobState.Interrupted);

        h.At(1);
        h.Tick();
        h.Started("j");
        h.Exit("j", RankExitCodes.Completed);
        var job = h.Job("j");
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("all 2 ranks finished step 100/100", job.Reason);
        Assert.Equal(100, job.Step);
    }

    [Fact]
    public void EveryTransitionOfAJobRecordsItsCause()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 1);
        h.Submit("j", SchedulerHarness.Spec("j"));
        h.Tick();
        h.Started("j");
        h.Exit("j", 1);
        h.At(30);
        h.Beat("w1", 1);
        h.Tick();
        h.Started("j");
        h.Exit("j", RankExitCodes.Completed);
        Assert.All(h.Job("j").History, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Equal([JobState.Pending, JobState.Scheduled, JobState.Running, JobState.Pending, JobState.Scheduled, JobState.Running, JobState.Succeeded],
            h.Job("j").History.Select(e => e.State));
    }

    [Fact]
    public void LiveStepReportsGiveProgressBeforeAnyCheckpoint()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 1);
        h.Submit("j", SchedulerHarness.Spec("j", steps: 3000));
        h.Tick();
        h.Started("j");
        Assert.Equal(3000, h.Job("j").TotalSteps);
        h.At(10);
        h.Progress("j", 200);
        Assert.Equal(200, h.Job("j").Step);
        Assert.Equal(0, h.Job("j").CheckpointStep);
        Assert.Equal(10.0 / 200, h.Job("j").StepSeconds, 6);
    }
}
