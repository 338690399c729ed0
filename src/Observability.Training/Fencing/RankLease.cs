using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Observability.Training.Fencing;

/// <summary>
/// A rank process's side of the fence: it holds its lock file for its whole life, dies with its worker (Linux
/// <c>PR_SET_PDEATHSIG</c> = SIGKILL; the worker starts ranks from one thread that lives as long as its process, since
/// the kernel sends the signal when the forking thread ends), and a watch thread ends it at once when a newer attempt
/// raised the job's generation or its parent is gone (the check that covers a parent dying before the prctl).
/// </summary>
public sealed class RankLease : IDisposable
{
    /// <summary>How often a rank checks the generation and its parent.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    private readonly SafeFileHandle _lock;
    private readonly string _jobDirectory;
    private readonly int _attempt;
    private readonly int _parentPid;
    private readonly Thread _watch;
    private readonly Action<string> _onFenced;
    private volatile bool _disposed;

    private RankLease(SafeFileHandle handle, string jobDirectory, int attempt, int parentPid, Action<string> onFenced)
    {
        _onFenced = onFenced;
        _lock = handle;
        _jobDirectory = jobDirectory;
        _attempt = attempt;
        _parentPid = parentPid;
        _watch = new Thread(Watch) { IsBackground = true, Name = "rank-fence-watch" };
    }

    /// <summary>Why the rank must not run (null: it may); checked at start and by the watch thread.</summary>
    public string? Fenced()
    {
        var generation = JobFence.ReadGeneration(_jobDirectory);
        if (generation > _attempt)
        {
            return $"attempt {generation} of this job was started; this rank belongs to attempt {_attempt}";
        }

        if (_parentPid > 0 && OperatingSystem.IsLinux() && LibC.GetParentPid() != _parentPid)
        {
            return $"its worker (pid {_parentPid}) is gone";
        }

        return null;
    }

    /// <summary>
    /// Takes the rank's lock (blocking: only a fencing worker's brief probe can hold it), writes pid and host into it,
    /// and asks for SIGKILL when the parent dies. <paramref name="onFenced"/> runs on the watch thread and must end the process.
    /// </summary>
    public static RankLease Acquire(string jobDirectory, int attempt, int rank, string host, int parentPid, Action<string> onFenced)
    {
        Directory.CreateDirectory(JobFence.Directory(jobDirectory));
        var path = JobFence.LockPath(jobDirectory, attempt, rank);
        var handle = JobFence.OpenLockFile(path) ?? throw new IOException($"cannot open {path}");
        if (LibC.Flock((int)handle.DangerousGetHandle(), LibC.LockExclusive) != 0)
        {
            handle.Dispose();
            throw new IOException($"cannot lock {path}");
        }

        var owner = Encoding.UTF8.GetBytes($"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} {host}\n");
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, owner, 0);
        if (OperatingSystem.IsLinux() && parentPid > 0)
        {
            _ = LibC.Prctl(LibC.PrSetPdeathsig, LibC.SigKill, 0, 0, 0);
        }

        var lease = new RankLease(handle, jobDirectory, attempt, parentPid, onFenced);
        lease._watch.Start();
        return lease;
    }

    private void Watch()
    {
        while (!_disposed)
        {
            if (Fenced() is { } why)
            {
                _onFenced(why);
                return;
            }

            Thread.Sleep(WatchInterval);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _lock.Dispose(); // closing the descriptor releases the flock
    }
}
