using System.Collections.Concurrent;
using System.Diagnostics;

namespace Observability.Training.Workers;

/// <summary>
/// Starts rank processes from one thread that lives as long as this process. Ranks ask the kernel for SIGKILL when
/// their parent dies (<c>PR_SET_PDEATHSIG</c>), and Linux sends it when the <em>thread</em> that forked them ends: a
/// thread-pool thread retiring after idling would kill healthy ranks. With every fork on this thread, the signal
/// comes only when the process itself dies.
/// </summary>
internal static class RankLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = [];
    private static readonly Lazy<Thread> Launcher = new(() =>
    {
        var t = new Thread(Loop) { IsBackground = true, Name = "rank-launcher" };
        t.Start();
        return t;
    });

    public static Process Start(ProcessStartInfo info)
    {
        _ = Launcher.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Loop()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}"));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
