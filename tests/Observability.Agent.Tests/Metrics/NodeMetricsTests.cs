using Observability.Agent.Metrics;
using Observability.Agent.Metrics.Node;
using Observability.Agent.Tests.Support;
using Observability.Core.Documents;
using Observability.Testing;

namespace Observability.Agent.Tests.Metrics;

public sealed class NodeMetricsTests
{
    private static MetricDocumentFactory Factory() => new("node-1", "default") { Timestamp = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero) };

    private static TemporaryDirectory Proc(params (string Path, string Text)[] files)
    {
        var dir = TemporaryDirectory.Create("agent");
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.File(path))!);
            File.WriteAllText(dir.File(path), text.ReplaceLineEndings("\n"));
        }

        return dir;
    }

    [Fact]
    public void Cpu_percentages_come_from_the_difference_between_two_samples()
    {
        using var proc = Proc(("stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\ncpu1 50 0 50 350 50 0 0 0 0 0\n"));
        var cpu = new CpuMetrics(proc.Path);
        cpu.Collect(Factory());
        File.WriteAllText(proc.File("stat"), "cpu  160 0 120 800 120 0 0 0 0 0\ncpu0 80 0 60 400 60 0 0 0 0 0\ncpu1 80 0 60 400 60 0 0 0 0 0\n");
        var doc = Assert.Single(cpu.Collect(Factory()));

        // delta: user 60, system 20, idle 100, iowait 20 → 200 ticks; busy = 80 / 200.
        Assert.Equal(0.4, doc.GetDouble("system.cpu.total.norm.pct"));
        Assert.Equal(0.8, doc.GetDouble("system.cpu.total.pct"));
        Assert.Equal(0.3, doc.GetDouble("system.cpu.user.norm.pct"));
        Assert.Equal(0.5, doc.GetDouble("system.cpu.idle.norm.pct"));
        Assert.Equal(2L, doc["system.cpu.cores"]);
        Assert.Equal(160L, doc["system.cpu.user.ticks"]);
        Assert.Equal(0.4, doc.GetDouble("host.cpu.usage"));
        Assert.Equal("system.cpu", doc.GetString(EcsFields.EventDataset));
        Assert.Equal("metrics", doc.GetString(EcsFields.DataStreamType));
        Assert.Equal("cpu", doc.GetString("metricset.name"));
    }

    [Fact]
    public void Memory_uses_MemAvailable_for_actual_used()
    {
        using var proc = Proc(("meminfo", "MemTotal:       1000 kB\nMemFree:         200 kB\nMemAvailable:    600 kB\nCached:          300 kB\nSwapTotal:       100 kB\nSwapFree:         25 kB\n"));
        var doc = Assert.Single(new MemoryMetrics(proc.Path).Collect(Factory()));
        Assert.Equal(1_024_000L, doc["system.memory.total"]);
        Assert.Equal(409_600L, doc["system.memory.actual.used.bytes"]);
        Assert.Equal(0.4, doc.GetDouble("system.memory.actual.used.pct"));
        Assert.Equal(0.8, doc.GetDouble("system.memory.used.pct"));
        Assert.Equal(0.75, doc.GetDouble("system.memory.swap.used.pct"));
    }

    [Fact]
    public void Load_diskio_network_and_pressure_parse_their_proc_files()
    {
        using var proc = Proc(
            ("loadavg", "1.50 1.00 0.50 2/300 12345\n"),
            ("stat", "cpu  1 1 1 1 1 0 0 0\ncpu0 1 1 1 1 1 0 0 0\ncpu1 1 1 1 1 1 0 0 0\n"),
            ("diskstats", "   7       0 loop0 10 0 20 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n 259       0 nvme0n1 1000 5 8000 300 2000 7 16000 400 3 500 700 0 0 0 0 0 0\n"),
            ("net/dev", "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n  eth0: 12345 100 1 2 0 0 0 0 54321 200 3 4 0 0 0 0\n"),
            ("pressure/cpu", "some avg10=1.50 avg60=0.50 avg300=0.10 total=123456\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"));
        var f = Factory();
        var load = Assert.Single(new LoadMetrics(proc.Path).Collect(f));
        Assert.Equal(1.5, load.GetDouble("system.load.1"));
        Assert.Equal(0.75, load.GetDouble("system.load.norm.1"));

        var disk = Assert.Single(new DiskIoMetrics(proc.Path).Collect(f));
        Assert.Equal("nvme0n1", disk.GetString("system.diskio.name"));
        Assert.Equal(8000L * 512, disk["system.diskio.read.bytes"]);
        Assert.Equal(16000L * 512, disk["system.diskio.write.bytes"]);
        Assert.Equal(2000L, disk["system.diskio.write.count"]);

        var net = Assert.Single(new NetworkMetrics(proc.Path).Collect(f));
        Assert.Equal("eth0", net.GetString("system.network.name"));
        Assert.Equal(12345L, net["system.network.in.bytes"]);
        Assert.Equal(54321L, net["system.network.out.bytes"]);
        Assert.Equal(4L, net["system.network.out.dropped"]);

        var psi = Assert.Single(new PressureMetrics(proc.Path).Collect(f));
        Assert.Equal(0.015, psi.GetDouble("linux.pressure.cpu.some.10.pct"));
        Assert.Equal(123456L, psi["linux.pressure.cpu.some.total.time.us"]);
        Assert.Equal("linux.pressure", psi.GetString(EcsFields.EventDataset));
        Assert.NotEqual(disk.Id, net.Id);
    }

    [Fact]
    public void The_real_proc_of_this_machine_gives_every_metric_set()
    {
        var f = Factory();
        var cpu = new CpuMetrics("/proc");
        cpu.Collect(f);
        foreach (var source in MetricsAgent.NodeSources("/proc"))
        {
            var docs = source.Collect(f);
            if (source is PressureMetrics && !File.Exists("/proc/pressure/cpu"))
            {
                continue; // kernel without PSI
            }

            Assert.NotEmpty(docs);
            Assert.All(docs, d => Assert.Equal(source.Dataset, d.GetString(EcsFields.EventDataset)));
        }

        var mem = Assert.Single(new MemoryMetrics("/proc").Collect(f));
        Assert.InRange(mem.GetDouble("system.memory.actual.used.pct")!.Value, 0, 1);
        var root = new FilesystemMetrics("/proc").Collect(f).Single(d => d.GetString("system.filesystem.mount_point") == "/");
        Assert.Equal(new DriveInfo("/").TotalSize, root["system.filesystem.total"]);
    }

    [Fact]
    public void A_missing_proc_file_gives_no_document_instead_of_an_error()
    {
        using var empty = TemporaryDirectory.Create("agent");
        foreach (var source in MetricsAgent.NodeSources(empty.Path))
        {
            Assert.Empty(source.Collect(Factory()));
        }
    }
}
