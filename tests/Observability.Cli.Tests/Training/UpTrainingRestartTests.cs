using Observability.Testing;
using Observability.Training.Client;
using Observability.Training.Persistence;
using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Cli.Tests.Training;

/// <summary>
/// The issue's must-show: a 2-rank job under a real <c>obs up</c> process that is stopped (SIGTERM) or killed
/// (SIGKILL) mid-job, then restarted. The job must resume from its checkpoint, succeed once with every step done, and
/// never have a second rank set running alongside the first (sampled from /proc every 50 ms throughout).
/// </summary>
[Collection(Up.UpEndToEndCollection.Name)]
public sealed class UpTrainingRestartTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-train");

    private string Data => _dir.File("data");

    private string TrainDirectory => Path.Combine(Data, "train");

    private static JobSpec Spec() => new()
    {
        Name = "restart-drill",
        Owner = "tests",
        Model = new ModelSpec { Type = "mlp", Hidden = 16, Layers = 1 },
        Dataset = new DatasetSpec { Type = "regression", Samples = 512, Features = 8, Seed = 3 },
        Steps = 240,
        BatchSize = 32,
        WorldSize = 2,
        CheckpointEvery = 20,
        StepPacing = "50ms",
        TraceEverySteps = 1000,
    };

    private JobRecord? Job(string id) =>
        FileJobEventLog.ReadSnapshot(Path.Combine(TrainDirectory, "scheduler", "events.jsonl")).Records.FirstOrDefault(j => j.JobId == id);

    [Fact]
    public Task A_SIGTERM_of_obs_up_interrupts_the_job_and_the_restart_resumes_it_from_its_checkpoint() => DrillAsync(kill: false);

    [Fact]
    public Task A_SIGKILL_of_obs_up_takes_its_ranks_with_it_and_the_restart_resumes_the_job_once() => DrillAsync(kill: true);

    private async Task DrillAsync(bool kill)
    {
        await using var monitor = new RankProcessMonitor(Data);
        var first = ObsUpProcess.Start(Data);
        var submission = JobSubmission.Create(Spec(), TimeProvider.System);
        Directory.CreateDirectory(TrainDirectory);
        JobInbox.Submit(TrainDirectory, submission);
        var id = submission.JobId;

        // Live progress (not only checkpoints) and a checkpoint to resume from.
        await Poll.UntilAsync(() => Job(id) is { State: JobState.Running, Step: >= 60, CheckpointStep: >= 40 }, Generous,
            "the job runs, reports progress and has a checkpoint\n" + first.Output);
        var before = Job(id)!;
        Assert.True(before.Step < before.TotalSteps);
        Assert.Equal(2, monitor.Current().Count);

        if (kill)
        {
            await first.KillAsync();

            // The ranks die with their worker (parent-death signal), orphaned nowhere.
            await Poll.UntilAsync(() => monitor.Scan().Count == 0, TimeSpan.FromSeconds(10), "the ranks died with obs up");
        }
        else
        {
            await first.TerminateAsync(TimeSpan.FromSeconds(90));
            Assert.Empty(monitor.Scan());
            var stopped = Job(id)!;
            Assert.Equal(JobState.Pending, stopped.State);
            Assert.DoesNotContain(stopped.History, h => h.State == JobState.Succeeded);
            var interrupted = Assert.Single(stopped.History, h => h.State == JobState.Interrupted);
            Assert.Contains("shutting down", interrupted.Reason, StringComparison.Ordinal);
            Assert.True(stopped.CheckpointStep > 0);
        }

        first.Dispose();
        var checkpointAtStop = Job(id)!.CheckpointStep;
        using var second = ObsUpProcess.Start(Data);
        await Poll.UntilAsync(() => Job(id)?.State.IsFinal() == true, Generous, "the job ends after the restart\n" + second.Output);
        await second.TerminateAsync(TimeSpan.FromSeconds(90));

        var job = Job(id)!;
        var history = string.Join("\n", job.History.Select(h => $"{h.At:HH:mm:ss.fff} {h.State} (attempt {h.Attempt}): {h.Reason}"));
        Assert.True(job.State == JobState.Succeeded, history);
        Assert.Single(job.History, h => h.State == JobState.Succeeded);
        Assert.Equal(240, job.TotalSteps);
        Assert.Equal(240, job.Step);
        Assert.True(job.Failures == 0, history);

        // The last attempt trained from the checkpoint, not from step 0.
        var log = await File.ReadAllTextAsync(Path.Combine(TrainDirectory, "jobs", id, "logs", "rank-0.log"));
        var lastAttempt = log[log.LastIndexOf("--- attempt", StringComparison.Ordinal)..];
        var from = System.Text.RegularExpressions.Regex.Match(lastAttempt, @"training mlp from step (\d+) to 240");
        Assert.True(from.Success, lastAttempt);
        var resumedAt = long.Parse(from.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(resumedAt >= checkpointAtStop && resumedAt > 0, $"resumed at step {resumedAt}, checkpoint recorded at {checkpointAtStop}");

        // Never two rank sets at once: every sample holds ranks of one attempt only, at most one process per rank.
        var samples = monitor.Samples;
        Assert.Contains(samples, s => s.Ranks.Count == 2);
        Assert.All(samples, s =>
        {
            Assert.True(s.Ranks.Select(r => r.Attempt).Distinct().Count() <= 1, $"two attempts ran together at {s.At:O}: {string.Join(", ", s.Ranks)}");
            Assert.True(s.Ranks.Count <= 2, $"more than two ranks at {s.At:O}: {string.Join(", ", s.Ranks)}");
        });
    }

    public void Dispose() => _dir.Dispose();
}
