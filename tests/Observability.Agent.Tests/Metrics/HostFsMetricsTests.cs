using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Metrics;
using Observability.Agent.Tests.Support;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Options;
using Observability.Testing;

namespace Observability.Agent.Tests.Metrics;

/// <summary>
/// <c>--hostfs</c>: an agent in a container with the host's root mounted at HOSTFS describes the host. The fake root
/// holds the host's files and, beside them, the container's own view (its /proc/net/dev and /proc/mounts), which must
/// not be what the documents carry.
/// </summary>
public sealed class HostFsMetricsTests : IDisposable
{
    private readonly TemporaryDirectory _root = TemporaryDirectory.Create("agent");

    public HostFsMetricsTests()
    {
        Write("proc/stat", """
            cpu  4705 356 584 3699176 2326 0 121 0 0 0
            cpu0 2360 180 290 1849580 1160 0 60 0 0 0
            cpu1 2345 176 294 1849596 1166 0 61 0 0 0
            intr 1462898 22 9 0 0 0 0 0 0 1 0
            ctxt 2873478
            btime 1764900000
            processes 26442
            """);
        Write("proc/meminfo", """
            MemTotal:       263859772 kB
            MemFree:        198112344 kB
            MemAvailable:   241001428 kB
            Buffers:          1020480 kB
            Cached:          39412216 kB
            SwapTotal:        8388604 kB
            SwapFree:         8388604 kB
            """);
        Write("proc/loadavg", "3.12 2.87 2.40 5/1893 428133\n");
        Write("proc/diskstats", """
             259       0 nvme0n1 1859383 12 119722122 283716 4118730 512633 301334496 6271430 0 1726340 6629386 0 0 0 0 217706 74239
             259       1 nvme0n1p1 348 0 17722 56 2 0 2 0 0 80 56 0 0 0 0 0 0
               7       0 loop0 52 0 2144 10 0 0 0 0 0 36 10 0 0 0 0 0 0
            """);
        // The host's network namespace, seen through its pid 1 …
        Write("proc/1/net/dev", """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 81234567  402113    0    0    0     0          0         0 81234567  402113    0    0    0     0       0          0
              eno1: 918273645512 702938471    0   12    0     0          0    104937 402938475610 398475612    0    0    0     0       0          0
               ib0: 5523786342911 1987365412    0    0    0     0          0         0 5398273645011 1893746512    0    0    0     0       0          0
            """);
        // … and the container's own, which /proc/net/dev (self) shows.
        Write("proc/net/dev", """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
              eth0:  129384    1022    0    0    0     0          0         0    88211     931    0    0    0     0       0          0
            """);
        Write("proc/1/mounts", """
            /dev/nvme0n1p2 / ext4 rw,relatime 0 0
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
            /dev/md0 /mnt/data xfs rw,noatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0
            /dev/sdb1 /mnt/scratch\040space ext4 rw,relatime 0 0
            tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=26385976k,mode=700 0 0
            overlay /var/lib/docker/overlay2/9f3c2a7e1b/merged overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC,upperdir=/var/lib/docker/overlay2/9f3c2a7e1b/diff,workdir=/var/lib/docker/overlay2/9f3c2a7e1b/work 0 0
            tmpfs /var/lib/kubelet/pods/5d1e/volumes/kubernetes.io~projected/kube-api-access-x7 tmpfs rw,relatime,size=4096k 0 0
            """);
        Write("proc/mounts", """
            overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,upperdir=/var/lib/docker/overlay2/9f/diff 0 0
            /dev/nvme0n1p2 /etc/hosts ext4 rw,relatime 0 0
            """);
        Directory.CreateDirectory(_root.File("mnt/data"));
        Directory.CreateDirectory(_root.File("var/lib/docker/overlay2/9f3c2a7e1b/merged")); // reachable, and still not a host file system
        Directory.CreateDirectory(_root.File("var/lib/kubelet/pods/5d1e/volumes/kubernetes.io~projected/kube-api-access-x7"));
        Directory.CreateDirectory(_root.File("mnt/scratch space"));
    }

    [Fact]
    public async Task With_hostfs_the_documents_carry_the_hosts_cpu_memory_disks_interfaces_and_file_systems_at_its_mount_points_without_container_storage()
    {
        var producer = new CapturingProducer();
        var options = new MetricsOptions { HostName = "gpu-node-07", HostFs = _root.Path, Gpu = false };
        await using var agent = new MetricsAgent(options, producer, TimeProvider.System, NullLogger<MetricsAgent>.Instance);

        await agent.SampleOnceAsync(CancellationToken.None);
        var docs = producer.Values.Select(v => EcsJson.Parse(v)).ToList();
        List<EcsDocument> Of(string dataset) => [.. docs.Where(d => d.GetString(EcsFields.EventDataset) == dataset)];

        Assert.Equal(2L, Assert.Single(Of("system.cpu"))["system.cpu.cores"]);
        Assert.Equal(263_859_772L * 1024, Assert.Single(Of("system.memory"))["system.memory.total"]);
        Assert.Equal(3.12, Assert.Single(Of("system.load")).GetDouble("system.load.1"));
        Assert.Equal(119_722_122L * 512, Of("system.diskio").Single(d => d.GetString("system.diskio.name") == "nvme0n1")["system.diskio.read.bytes"]);

        var network = Of("system.network").ToDictionary(d => d.GetString("system.network.name")!);
        Assert.Equal(["eno1", "ib0", "lo"], network.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(918_273_645_512L, network["eno1"]["system.network.in.bytes"]);
        Assert.Equal(5_398_273_645_011L, network["ib0"]["system.network.out.bytes"]);

        var filesystems = Of("system.filesystem").ToDictionary(d => d.GetString("system.filesystem.mount_point")!);
        Assert.Equal(["/", "/mnt/data", "/mnt/scratch space"], filesystems.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("/dev/md0", "xfs"), (filesystems["/mnt/data"].GetString("system.filesystem.device_name"), filesystems["/mnt/data"].GetString("system.filesystem.type")));
        Assert.Equal(new DriveInfo(_root.File("mnt/data")).TotalSize, filesystems["/mnt/data"]["system.filesystem.total"]);
        Assert.Equal("/dev/nvme0n1p2", filesystems["/"].GetString("system.filesystem.device_name"));
    }

    [Fact]
    public void Without_hostfs_the_readers_keep_reading_the_proc_root_they_are_given()
    {
        var paths = new MetricsOptions { ProcRoot = _root.File("proc") }.Paths();

        Assert.Equal((_root.File("proc"), "net/dev", "mounts", (string?)null), (paths.ProcRoot, paths.NetDev, paths.Mounts, paths.HostFs));
        Assert.Equal("/mnt/data", paths.Reachable("/mnt/data"));
    }

    [Fact]
    public void A_hostfs_without_a_proc_or_beside_a_proc_root_fails_validation_naming_the_key()
    {
        using var empty = TemporaryDirectory.Create("agent");

        var missing = Assert.Throws<ObsConfigException>(() => new MetricsOptions { HostFs = empty.Path }.Validate());
        var both = Assert.Throws<ObsConfigException>(() => new MetricsOptions { HostFs = _root.Path, ProcRoot = "/host/proc" }.Validate());

        Assert.Equal("agent.metrics.host_fs", missing.Key);
        Assert.Equal("agent.metrics.host_fs", both.Key);
        Assert.Contains("agent.metrics.proc_root", both.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    private void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_root.File(path))!);
        File.WriteAllText(_root.File(path), text.ReplaceLineEndings("\n") + "\n");
    }
}
