using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Observability.Training.Fencing;

/// <summary>
/// One job never runs twice: the job directory's <c>fence/</c> holds the job's generation (the newest attempt a worker
/// started) and one lock file per rank process (<c>attempt-A.rank-R.lock</c>, flocked by that rank for its life, with
/// its pid and host in it; the kernel drops the lock when the process dies, SIGKILL included). Before a worker starts
/// the ranks of attempt A it raises the generation to A (a survivor of an older attempt sees it within
/// <see cref="RankLease.WatchInterval"/> and exits without touching the checkpoint), kills older-attempt ranks left on
/// its own host, and waits until no older lock is held. A rank takes its lock first and reads the generation second,
/// so a rank of an old attempt that starts late sees the raised generation and exits. flock works across hosts on NFS
/// (Linux maps it to POSIX locks there).
/// </summary>
public static class JobFence
{
    public static string Directory(string jobDirectory) => Path.Combine(jobDirectory, "fence");

    public static string LockPath(string jobDirectory, int attempt, int rank) =>
        Path.Combine(Directory(jobDirectory), $"attempt-{attempt}.rank-{rank}.lock");

    public static int ReadGeneration(string jobDirectory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(Directory(jobDirectory), "generation"));
            return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Raises the generation to <paramref name="attempt"/> (never lowers it; written by rename, so never torn).</summary>
    public static void RaiseGeneration(string jobDirectory, int attempt)
    {
        var dir = Directory(jobDirectory);
        System.IO.Directory.CreateDirectory(dir);
        if (ReadGeneration(jobDirectory) >= attempt)
        {
            return;
        }

        var tmp = Path.Combine(dir, $"generation.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(tmp, attempt.ToString(CultureInfo.InvariantCulture));
        File.Move(tmp, Path.Combine(dir, "generation"), overwrite: true);
    }

    /// <summary>
    /// Raises the generation and waits until no rank of an older attempt is alive. Returns null when fenced, else a
    /// description of the survivors still holding their locks at <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string?> FenceAsync(string jobDirectory, int attempt, string host, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        RaiseGeneration(jobDirectory, attempt);
        var started = time.GetTimestamp();
        var killed = false;
        while (true)
        {
            var survivors = Survivors(jobDirectory, attempt);
            if (survivors.Count == 0)
            {
                return null;
            }

            var waited = time.GetElapsedTime(started);
            if (!killed && waited >= TimeSpan.FromSeconds(1))
            {
                // They had a second to see the generation; whatever is left here is stuck (e.g. in a dead peer's all-reduce).
                killed = true;
                foreach (var (_, pid, _) in survivors.Where(s => s.Host == host))
                {
                    KillRank(pid);
                }
            }

            if (waited >= timeout)
            {
                return string.Join(", ", survivors.Select(s => $"{Path.GetFileNameWithoutExtension(s.Path)} (pid {s.Pid} on {s.Host})"));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
    }

    /// <summary>Lock files of older attempts still held by a live process; free ones are removed.</summary>
    public static List<(string Path, int Pid, string Host)> Survivors(string jobDirectory, int attempt)
    {
        var result = new List<(string, int, string)>();
        var dir = Directory(jobDirectory);
        if (!System.IO.Directory.Exists(dir))
        {
            return result;
        }

        foreach (var path in System.IO.Directory.GetFiles(dir, "attempt-*.rank-*.lock"))
        {
            var name = Path.GetFileName(path);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (!int.TryParse(name.AsSpan(8, dot - 8), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) || a >= attempt)
            {
                continue;
            }

            using var handle = OpenLockFile(path, create: false);
            if (handle is null)
            {
                continue;
            }

            if (LibC.Flock((int)handle.DangerousGetHandle(), LibC.LockExclusive | LibC.LockNonBlocking) == 0)
            {
                File.Delete(path); // nobody holds it: that rank is gone
                continue;
            }

            var (pid, host) = ReadOwner(path);
            result.Add((path, pid, host));
        }

        return result;
    }

    /// <summary>Opens (creating) a lock file with open(2), outside .NET's FileShare emulation; null when its directory is gone.</summary>
    internal static SafeFileHandle? OpenLockFile(string path, bool create = true)
    {
        var fd = LibC.Open(path, (create ? LibC.OReadWrite | LibC.OCreate : LibC.OReadOnly) | LibC.OCloseOnExec, Convert.ToInt32("644", 8));
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    private static (int Pid, string Host) ReadOwner(string path)
    {
        using var handle = OpenLockFile(path, create: false);
        if (handle is null)
        {
            return (0, "");
        }

        var buffer = new byte[256];
        var n = RandomAccess.Read(handle, buffer, 0);
        var parts = System.Text.Encoding.UTF8.GetString(buffer, 0, n).Trim().Split(' ', 2);
        return (int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0, parts.Length > 1 ? parts[1] : "");
    }

    /// <summary>Kills a local survivor, if that pid still is a rank process (a pid can be reused).</summary>
    private static void KillRank(int pid)
    {
        try
        {
            if (pid <= 0 || !File.ReadAllText($"/proc/{pid}/cmdline").Contains("obs-train-worker", StringComparison.Ordinal))
            {
                return;
            }

            using var p = System.Diagnostics.Process.GetProcessById(pid);
            p.Kill();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // gone meanwhile
        }
    }
}
