using Observability.Training.Scheduling;

namespace Observability.Training.Tests.Integration;

[Collection(TrainingClusterCollection.Name)]
public sealed class FailureRecoveryTests
{
    [Fact]
    public async Task KillingAWorkerMidJobResumesTheJobFromItsCheckpointOnAnotherWorker()
    {
        await using var cluster = new TrainingCluster();
        await cluster.StartSchedulerAsync();
        var w1 = await cluster.StartWorkerAsync("w1", slots: 1);
        var w2 = await cluster.StartWorkerAsync("w2", slots: 1);

        var jobId = await cluster.SubmitAsync(TrainingCluster.TinySpec("kill-me", worldSize: 2, steps: 120, pacing: "30ms"));
        var running = await cluster.WaitForAsync(jobId, j => j.State == JobState.Running && j.CheckpointStep >= 20);
        Assert.Equal(1, running.Attempt);

        // Only now does a third node join; then w1 dies mid-job: its ranks are killed and its heartbeats stop.
        await cluster.StartWorkerAsync("w3", slots: 1);
        w1.Crash();

        var job = await cluster.WaitForAsync(jobId, j => j.State.IsFinal(), timeoutSeconds: 90);
        Assert.True(job.State == JobState.Succeeded, $"{job.State}: {job.Reason}\n{cluster.RankLogs(jobId)}");
        Assert.Equal(2, job.Attempt);
        Assert.Equal(0, job.Failures); // a lost node is not the job's fault
        Assert.Contains(job.History, h => h.State == JobState.Interrupted && h.Reason!.Contains("w1 lost", StringComparison.Ordinal));

        var resumed = job.Ranks.Where(r => r.Attempt == 2).ToList();
        Assert.Equal(2, resumed.Count);
        Assert.DoesNotContain(resumed, r => r.WorkerId == "w1");
        Assert.Equal(["w2", "w3"], resumed.Select(r => r.WorkerId).Order());

        // The second attempt started from the checkpoint: it ran only the steps after it.
        Assert.All(resumed, r => Assert.True(r.Steps <= 120 - running.CheckpointStep,
            $"rank {r.Rank} of attempt 2 ran {r.Steps} steps: it did not resume from step {running.CheckpointStep} or later"));
        Assert.All(resumed, r => Assert.True(r.Steps > 0));
        Assert.Contains("resumed from checkpoint at step", cluster.RankLogs(jobId), StringComparison.Ordinal);
        _ = w2;
    }

    [Fact]
    public async Task AHighPriorityJobPreemptsALowPriorityOneWhichLaterCompletes()
    {
        await using var cluster = new TrainingCluster();
        await cluster.StartSchedulerAsync();
        await cluster.StartWorkerAsync("w1", slots: 2);

        var low = await cluster.SubmitAsync(TrainingCluster.TinySpec("low", worldSize: 2, steps: 100, pacing: "30ms", priority: 0));
        await cluster.WaitForAsync(low, j => j.State == JobState.Running && j.Step >= 10);

        var high = await cluster.SubmitAsync(TrainingCluster.TinySpec("high", worldSize: 2, steps: 30, priority: 10));
        var highDone = await cluster.WaitForAsync(high, j => j.State.IsFinal(), timeoutSeconds: 90);
        Assert.True(highDone.State == JobState.Succeeded, $"{highDone.Reason}\n{cluster.RankLogs(high)}");

        var lowDone = await cluster.WaitForAsync(low, j => j.State.IsFinal(), timeoutSeconds: 90);
        Assert.True(lowDone.State == JobState.Succeeded, $"{lowDone.Reason}\n{cluster.RankLogs(low)}");
        Assert.Contains(lowDone.History, h => h.State == JobState.Preempted);
        Assert.Equal(2, lowDone.Attempt);
        Assert.Equal(0, lowDone.Failures);
        Assert.True(highDone.FinishedAt <= lowDone.FinishedAt);

        // The preempted job checkpointed when asked and resumed from there (no step was trained twice beyond it).
        var first = lowDone.Ranks.Where(r => r.Attempt == 1).ToList();
        var second = lowDone.Ranks.Where(r => r.Attempt == 2).ToList();
        Assert.Equal(2, first.Count);
        Assert.Equal(2, second.Count);
        Assert.All(first, r => Assert.Equal(3, r.ExitCode)); // RankExitCodes.Stopped
        Assert.Equal(100, first[0].Steps + second[0].Steps);
    }

    [Fact]
    public async Task ASchedulerRestartLosesNoJob()
    {
        await using var cluster = new TrainingCluster();
        await cluster.StartSchedulerAsync();
        await cluster.StartWorkerAsync("w1", slots: 2);

        var a = await cluster.SubmitAsync(TrainingCluster.TinySpec("a", worldSize: 1, steps: 60, pacing: "30ms"));
        var b = await cluster.SubmitAsync(TrainingCluster.TinySpec("b", worldSize: 1, steps: 60, pacing: "30ms"));
        await cluster.WaitForAsync(a, j => j.State == JobState.Running);
        var c = await cluster.SubmitAsync(TrainingCluster.TinySpec("c", worldSize: 2, steps: 20)); // waits: no free slot
        await cluster.WaitForAsync(c, j => j.State == JobState.Pending);

        await cluster.StopSchedulerAsync();
        var d = await cluster.SubmitAsync(TrainingCluster.TinySpec("d", worldSize: 1, steps: 20)); // while the scheduler is down
        await cluster.StartSchedulerAsync();

        Assert.Contains(cluster.Scheduler.Jobs, j => j.JobId == c && j.State == JobState.Pending); // replayed from the event log
        foreach (var id in new[] { a, b, c, d })
        {
            var job = await cluster.WaitForAsync(id, j => j.State.IsFinal(), timeoutSeconds: 90);
            Assert.True(job.State == JobState.Succeeded, $"{id}: {job.State} {job.Reason}\n{cluster.RankLogs(id)}");
        }

        // Jobs running during the restart kept running on their worker (one attempt), no duplicate placement.
        Assert.Equal(1, cluster.Scheduler.Find(a)!.Attempt);
    }
}
