using System.Diagnostics;
using Observability.Testing;
using Observability.Training.Fencing;

namespace Observability.Training.Tests.Fencing;

/// <summary>The fence with real flocks: a survivor is stood in for by util-linux's <c>flock FILE sleep</c>, another process holding the lock.</summary>
public sealed class JobFenceTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("fence");

    private static Process HoldLock(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var p = Process.Start(new ProcessStartInfo("flock", ["--exclusive", path, "sleep", "60"]) { UseShellExecute = false })!;
        return p;
    }

    [Fact]
    public async Task ANewAttemptWaitsUntilNoRankOfAnOlderAttemptHoldsItsLock()
    {
        var job = _dir.File("job");
        using var survivor = HoldLock(JobFence.LockPath(job, attempt: 1, rank: 0));
        await Poll.UntilAsync(() => JobFence.Survivors(job, 2).Count == 1, TimeSpan.FromSeconds(10), "the stand-in survivor holds its lock");

        var refused = await JobFence.FenceAsync(job, 2, "elsewhere", TimeSpan.FromMilliseconds(600), TimeProvider.System, CancellationToken.None);
        Assert.NotNull(refused);
        Assert.Contains("attempt-1.rank-0", refused, StringComparison.Ordinal);
        Assert.Equal(2, JobFence.ReadGeneration(job)); // raised first, so the survivor (a real rank) would see it and exit

        var fencing = JobFence.FenceAsync(job, 2, "elsewhere", TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(fencing.IsCompleted);
        survivor.Kill(entireProcessTree: true); // flock runs sleep as its child, which holds the descriptor too
        Assert.Null(await fencing.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Empty(Directory.GetFiles(JobFence.Directory(job), "*.lock")); // freed locks are cleaned up
    }

    [Fact]
    public async Task LocksOfTheSameOrANewerAttemptDoNotBlockAndTheGenerationNeverGoesBack()
    {
        var job = _dir.File("job");
        using var peer = HoldLock(JobFence.LockPath(job, attempt: 3, rank: 1)); // a gang peer of the same attempt on another worker
        await Poll.UntilAsync(() => File.Exists(JobFence.LockPath(job, 3, 1)), TimeSpan.FromSeconds(10));
        Assert.Null(await JobFence.FenceAsync(job, 3, "here", TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None));
        JobFence.RaiseGeneration(job, 2);
        Assert.Equal(3, JobFence.ReadGeneration(job));
        peer.Kill(entireProcessTree: true);
    }

    [Fact]
    public void ARankOfAnOldAttemptKnowsItIsFencedAndTakesItsLockForLife()
    {
        var job = _dir.File("job");
        JobFence.RaiseGeneration(job, 5);
        using (var lease = RankLease.Acquire(job, attempt: 4, rank: 0, "here", parentPid: 0, _ => { }))
        {
            Assert.Contains("attempt 5", lease.Fenced(), StringComparison.Ordinal);
            Assert.Single(JobFence.Survivors(job, 5)); // held by this process's open descriptor
        }

        Assert.Empty(JobFence.Survivors(job, 5)); // released on dispose (as on process death)
        using var current = RankLease.Acquire(job, attempt: 5, rank: 0, "here", parentPid: 0, _ => { });
        Assert.Null(current.Fenced());
    }

    public void Dispose() => _dir.Dispose();
}
