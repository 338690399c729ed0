using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Training.Tests.Scheduling;

public sealed class GangReservationTests
{
    [Fact]
    public void AStreamOfOneRankJobsDoesNotStarveAWaitingGang()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 2);
        h.Submit("w1job", SchedulerHarness.Spec("w1job"));
        h.At(1);
        h.Submit("gang", SchedulerHarness.Spec("gang", world: 2));
        for (var i = 3; i <= 5; i++)
        {
            h.At(i);
            h.Submit($"small{i}", SchedulerHarness.Spec($"small{i}"));
        }

        h.Tick();
        Assert.Equal(JobState.Scheduled, h.Job("w1job").State);
        Assert.Equal(WaitReasons.Resources, h.Job("gang").WaitReason);
        Assert.Equal(WaitReasons.Reservation, h.Job("small3").WaitReason); // it fits the free slot, but would delay the gang
        Assert.Equal(JobState.Pending, h.Job("small3").State);

        // More one-rank jobs keep arriving; none may take the slot the gang waits for.
        h.At(10);
        h.Submit("small6", SchedulerHarness.Spec("small6"));
        h.Tick();
        foreach (var id in (string[])["small3", "small4", "small5", "small6"])
        {
            Assert.Equal(JobState.Pending, h.Job(id).State);
        }

        h.Started("w1job");
        h.Exit("w1job", RankExitCodes.Completed);
        h.At(11);
        h.Beat("w1", 2);
        h.Tick();
        Assert.Equal(JobState.Scheduled, h.Job("gang").State);
        Assert.Equal(WaitReasons.Resources, h.Job("small3").WaitReason); // next in line now, waiting for a slot
        Assert.Equal(WaitReasons.Priority, h.Job("small4").WaitReason); // behind it
    }

    [Fact]
    public void AJobBackfillsOnlyWhenItsTimeoutEndsBeforeTheReservationStarts()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 2);
        h.Submit("long", SchedulerHarness.Spec("long", timeout: "10m"));
        h.Tick();
        h.Started("long");
        h.At(1);
        h.Submit("gang", SchedulerHarness.Spec("gang", world: 2));
        h.At(2);
        h.Submit("tooLong", SchedulerHarness.Spec("tooLong", timeout: "20m"));
        h.At(3);
        h.Submit("short", SchedulerHarness.Spec("short", timeout: "5m"));
        h.Tick();

        Assert.Equal(WaitReasons.Resources, h.Job("gang").WaitReason);
        Assert.Equal(WaitReasons.Reservation, h.Job("tooLong").WaitReason);
        Assert.Equal(JobState.Scheduled, h.Job("short").State); // ends by 0:05:03, before the gang's slots free at 0:10:00
    }

    [Fact]
    public void ARunningJobsMeasuredStepRateDatesTheReservation()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 2);
        h.Submit("first", SchedulerHarness.Spec("first", steps: 1000));
        h.Tick();
        h.Started("first");
        h.At(10);
        h.Progress("first", 100); // 0.1 s per step: done in about 90 s more
        h.Submit("gang", SchedulerHarness.Spec("gang", world: 2));
        h.At(11);
        h.Submit("slow", SchedulerHarness.Spec("slow", timeout: "2m"));
        h.At(12);
        h.Submit("quick", SchedulerHarness.Spec("quick", timeout: "1m"));
        h.Beat("w1", 2);
        h.Tick();
        Assert.Equal(JobState.Scheduled, h.Job("quick").State);
        Assert.Equal(WaitReasons.Reservation, h.Job("slow").WaitReason);
    }

    [Fact]
    public void AJobNoWorkerSetCouldHoldIsRefusedAtSubmitOnceWorkersHaveReportedIn()
    {
        var h = new SchedulerHarness();
        h.Beat("w1", 2);
        h.Submit("early", SchedulerHarness.Spec("early", world: 3));
        h.Tick();
        Assert.Equal(JobState.Pending, h.Job("early").State); // other workers may still report in after a restart
        Assert.Equal(WaitReasons.TooLarge, h.Job("early").WaitReason);

        h.At(20);
        h.Beat("w1", 2);
        h.Submit("late", SchedulerHarness.Spec("late", world: 3));
        var late = h.Job("late");
        Assert.Equal(JobState.Failed, late.State);
        Assert.StartsWith("refused (TooLarge): 3 ranks", late.Reason, StringComparison.Ordinal);

        h.Submit("fits", SchedulerHarness.Spec("fits", world: 2));
        h.Tick();
        Assert.Equal(JobState.Scheduled, h.Job("fits").State); // a too-large job blocks nobody
    }
}
