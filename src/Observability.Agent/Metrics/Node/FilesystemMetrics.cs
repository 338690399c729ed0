using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Node;

/// <summary>
/// <c>system.filesystem</c>: one document per mounted file system from /proc/mounts (pseudo file systems skipped),
/// sizes from statvfs via <see cref="DriveInfo"/>: <c>total</c>, <c>free</c>, <c>available</c>, <c>used.bytes</c>,
/// <c>used.pct</c> (used of used+available, as <c>df</c>). With <see cref="MetricsOptions.HostFs"/> the mount table is the
/// host's (/proc/1/mounts) and each file system is measured under the host root, reported at the host's mount point.
/// </summary>
public sealed class FilesystemMetrics(NodePaths paths) : IMetricSource
{
    private static readonly HashSet<string> Pseudo = new(StringComparer.Ordinal)
    {
        "proc", "sysfs", "devpts", "cgroup", "cgroup2", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf",
        "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "nsfs", "rpc_pipefs", "devtmpfs", "selinuxfs", "efivarfs",
    };

    /// <summary>
    /// In the host's mount table (<see cref="NodePaths.HostFs"/>), container runtimes' own mounts: one root file system and
    /// a few secret volumes per container, skipped as node_exporter's default <c>mount-points-exclude</c> skips them.
    /// </summary>
    private static readonly string[] ContainerStorage = ["/var/lib/docker/", "/var/lib/containers/storage/", "/run/containerd/", "/run/docker/", "/var/lib/kubelet/pods/"];

    public FilesystemMetrics(string procRoot)
        : this(NodePaths.Local(procRoot))
    {
    }

    public string Dataset => "system.filesystem";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var docs = new List<EcsDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ProcFiles.Lines(paths.ProcRoot, paths.Mounts))
        {
            var f = ProcFiles.Fields(line);
            if (f.Length < 3 || Pseudo.Contains(f[2]) || !seen.Add(f[1]))
            {
                continue;
            }

            var mount = f[1].Replace("\\040", " ", StringComparison.Ordinal);
            if (paths.HostFs is not null && ContainerStorage.Any(prefix => mount.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            long total, free, available;
            try
            {
                var d = new DriveInfo(paths.Reachable(mount));
                total = d.TotalSize;
                free = d.TotalFreeSpace;
                available = d.AvailableFreeSpace;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue;
            }

            if (total <= 0)
            {
                continue;
            }

            var used = total - free;
            var doc = factory.Create(Dataset, mount);
            doc.Set("system.filesystem.device_name", f[0]);
            doc.Set("system.filesystem.mount_point", mount);
            doc.Set("system.filesystem.type", f[2]);
            doc.Set("system.filesystem.total", total);
            doc.Set("system.filesystem.free", free);
            doc.Set("system.filesystem.available", available);
            doc.Set("system.filesystem.used.bytes", used);
            doc.Set("system.filesystem.used.pct", used + available > 0 ? ProcFiles.Round((double)used / (used + available)) : 0.0);
            docs.Add(doc);
        }

        return docs;
    }
}
