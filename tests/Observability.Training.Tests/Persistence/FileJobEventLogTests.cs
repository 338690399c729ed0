using Observability.Training.Persistence;
using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Training.Tests.Persistence;

public sealed class FileJobEventLogTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "obs-train-log-" + Guid.NewGuid().ToString("N"));

    private static JobRecord Job(string id, JobState state, long step = 0)
    {
        var r = new JobRecord { JobId = id, Spec = new JobSpec { Name = id, Steps = 10 }, SubmittedAt = DateTimeOffset.UnixEpoch, Step = step };
        r.Transition(state, DateTimeOffset.UnixEpoch, "test");
        return r;
    }

    [Fact]
    public async Task ReplayKeepsTheLatestSnapshotOfEveryJob()
    {
        var path = Path.Combine(_dir, "events.jsonl");
        await using (var log = new FileJobEventLog(path))
        {
            await log.AppendAsync([Job("a", JobState.Pending), Job("b", JobState.Pending)], CancellationToken.None);
            await log.AppendAsync([Job("a", JobState.Running, 5)], CancellationToken.None);
        }

        await using var reopened = new FileJobEventLog(path);
        var jobs = (await reopened.LoadAsync(CancellationToken.None)).ToDictionary(j => j.JobId);
        Assert.Equal(2, jobs.Count);
        Assert.Equal((JobState.Running, 5L), (jobs["a"].State, jobs["a"].Step));
        Assert.Equal(JobState.Pending, jobs["b"].State);
    }

    [Fact]
    public async Task ATornLastLineIsSkippedAndTheNextAppendStartsOnAFreshLine()
    {
        var path = Path.Combine(_dir, "events.jsonl");
        await using (var log = new FileJobEventLog(path))
        {
            await log.AppendAsync([Job("a", JobState.Pending)], CancellationToken.None);
        }

        await File.AppendAllTextAsync(path, "{\"jobId\":\"a\",\"state\":\"runn"); // a crash mid-write
        await using (var log = new FileJobEventLog(path))
        {
            var jobs = await log.LoadAsync(CancellationToken.None);
            Assert.Equal(JobState.Pending, Assert.Single(jobs).State);
            Assert.Equal(1, log.SkippedLines);
            await log.AppendAsync([Job("b", JobState.Pending)], CancellationToken.None);
        }

        var (records, skipped, _) = FileJobEventLog.ReadSnapshot(path);
        Assert.Equal(["a", "b"], records.Select(r => r.JobId).Order());
        Assert.Equal(1, skipped);
    }

    [Fact]
    public async Task ALogOfManySupersededSnapshotsIsCompacted()
    {
        var path = Path.Combine(_dir, "events.jsonl");
        await using (var log = new FileJobEventLog(path, compactAfterLines: 50))
        {
            for (var i = 0; i < 120; i++)
            {
                await log.AppendAsync([Job("j" + (i % 3), JobState.Running, i)], CancellationToken.None);
            }
        }

        var lines = File.ReadAllLines(path).Length;
        Assert.True(lines < 60, $"{lines} lines after compaction");
        var (records, _, _) = FileJobEventLog.ReadSnapshot(path);
        Assert.Equal(119, records.Single(r => r.JobId == "j2").Step);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
