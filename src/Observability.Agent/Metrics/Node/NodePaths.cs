namespace Observability.Agent.Metrics.Node;

/// <summary>
/// Where the node metric readers find the machine they describe: this machine's procfs, or a host's root file system
/// mounted into a container (<see cref="MetricsOptions.HostFs"/>, as node_exporter's <c>--path.rootfs</c>).
/// </summary>
/// <param name="ProcRoot">The procfs whose <c>stat</c>, <c>meminfo</c>, <c>loadavg</c>, <c>diskstats</c> and <c>pressure/*</c> are read.</param>
/// <param name="NetDev">Relative to <paramref name="ProcRoot"/>: the interface counters, which are those of the reader's network namespace.</param>
/// <param name="Mounts">Relative to <paramref name="ProcRoot"/>: the mount table, which is that of the reader's mount namespace.</param>
/// <param name="HostFs">The host's root as mounted here; null when this machine is the one described.</param>
public sealed record NodePaths(string ProcRoot, string NetDev, string Mounts, string? HostFs)
{
    /// <summary>This machine, with its procfs at <paramref name="procRoot"/>.</summary>
    public static NodePaths Local(string procRoot) => new(procRoot, "net/dev", "mounts", null);

    /// <summary>
    /// The host whose root is mounted at <paramref name="hostFs"/>: its procfs, and its init process's (pid 1) network and
    /// mount namespaces, so a container sees the host's interfaces and file systems rather than its own.
    /// </summary>
    public static NodePaths Host(string hostFs) => new(Path.Combine(hostFs, "proc"), "1/net/dev", "1/mounts", hostFs);

    /// <summary>Where a mount point of the described machine is reachable from here (to statvfs it).</summary>
    public string Reachable(string mountPoint) => HostFs is null ? mountPoint : Path.Join(HostFs, mountPoint);
}
