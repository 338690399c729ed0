using System.Runtime.InteropServices;
using Observability.Agent.Metrics;
using Observability.Agent.Metrics.Gpu;

namespace Observability.Agent.Tests.Metrics;

public sealed class GpuMetricsTests
{
    // Captured format of nvidia-smi 550 (--format=csv,nounits with header), two boards, one with N/A fields.
    private const string GpuCsv = """
        index, uuid, name, utilization.gpu [%], utilization.memory [%], memory.used [MiB], memory.free [MiB], memory.total [MiB], temperature.gpu, power.draw [W], clocks.sm [MHz], clocks.mem [MHz], clocks_throttle_reasons.active, ecc.errors.corrected.aggregate.total, ecc.errors.uncorrected.aggregate.total
        0, GPU-1a2b3c4d-0000-1111-2222-333344445555, NVIDIA H100 80GB HBM3, 97, 41, 61440, 19994, 81559, 67, 612.35, 1980, 2619, 0x0000000000000004, 0, 0
        1, GPU-9f8e7d6c-0000-1111-2222-333344445555, NVIDIA H100 80GB HBM3, [N/A], 0, 3, 81431, 81559, 34, [Not Supported], 345, 2619, 0x0000000000000001, [N/A], [N/A]
        """;

    private const string AppsCsv = """
        gpu_uuid, pid, used_gpu_memory [MiB]
        GPU-1a2b3c4d-0000-1111-2222-333344445555, 4242, 60000
        """;

    [Fact]
    public void Nvidia_smi_csv_is_parsed_by_header_names_with_units_and_missing_values()
    {
        var gpus = NvidiaSmiCsv.ParseGpus(GpuCsv, NvidiaSmiCsv.ParseProcesses(AppsCsv));
        Assert.Equal(2, gpus.Count);
        var a = gpus[0];
        Assert.Equal("NVIDIA H100 80GB HBM3", a.Name);
        Assert.Equal(0.97, a.UtilizationGpu);
        Assert.Equal(0.41, a.UtilizationMemory);
        Assert.Equal(61440L * 1024 * 1024, a.MemoryUsedBytes);
        Assert.Equal(81559L * 1024 * 1024, a.MemoryTotalBytes);
        Assert.Equal(67, a.TemperatureCelsius);
        Assert.Equal(612.35, a.PowerWatts);
        Assert.Equal(1980L, a.SmClockMhz);
        Assert.Equal(4UL, a.ThrottleReasons);
        Assert.Equal(["sw_power_cap"], ThrottleReasons.Decode(a.ThrottleReasons!.Value));
        var p = Assert.Single(a.Processes);
        Assert.Equal(4242, p.Pid);
        Assert.Equal(60000L * 1024 * 1024, p.UsedMemoryBytes);

        var b = gpus[1];
        Assert.Null(b.UtilizationGpu);
        Assert.Null(b.PowerWatts);
        Assert.Null(b.EccCorrected);
        Assert.Empty(b.Processes);
        Assert.Equal("nvidia-smi", b.Source);
        Assert.False(b.Simulated);
    }

    [Fact]
    public void Csv_without_units_and_in_another_column_order_parses_the_same()
    {
        var csv = "name, index, memory.used, memory.total, utilization.gpu\nA100, 3, 100, 200, 50\n";
        var g = Assert.Single(NvidiaSmiCsv.ParseGpus(csv));
        Assert.Equal(3, g.Index);
        Assert.Equal(0.5, g.UtilizationGpu);
        Assert.Equal(100L * 1024 * 1024, g.MemoryUsedBytes);
        Assert.Empty(NvidiaSmiCsv.ParseGpus(string.Empty));
    }

    [Fact]
    public void Nvml_structs_have_the_sizes_and_offsets_of_nvml_h()
    {
        Assert.Equal(8, Marshal.SizeOf<NvmlUtilization>());
        Assert.Equal(24, Marshal.SizeOf<NvmlMemory>());
        Assert.Equal(8, (int)Marshal.OffsetOf<NvmlMemory>(nameof(NvmlMemory.Free)));
        Assert.Equal(16, (int)Marshal.OffsetOf<NvmlMemory>(nameof(NvmlMemory.Used)));
        Assert.Equal(24, Marshal.SizeOf<NvmlProcessInfo>());
        Assert.Equal(8, (int)Marshal.OffsetOf<NvmlProcessInfo>(nameof(NvmlProcessInfo.UsedGpuMemory)));
        Assert.Equal(16, (int)Marshal.OffsetOf<NvmlProcessInfo>(nameof(NvmlProcessInfo.GpuInstanceId)));
        Assert.Equal(20, (int)Marshal.OffsetOf<NvmlProcessInfo>(nameof(NvmlProcessInfo.ComputeInstanceId)));
        Assert.Equal(32, Marshal.SizeOf<NvmlEventData>());
        Assert.Equal(8, (int)Marshal.OffsetOf<NvmlEventData>(nameof(NvmlEventData.EventType)));
        Assert.Equal(16, (int)Marshal.OffsetOf<NvmlEventData>(nameof(NvmlEventData.EventData)));
        Assert.Equal(24, (int)Marshal.OffsetOf<NvmlEventData>(nameof(NvmlEventData.GpuInstanceId)));
    }

    [Fact]
    public void On_a_host_without_a_driver_there_is_no_gpu_reader()
    {
        if (File.Exists("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1"))
        {
            return; // a GPU host: nothing to check here
        }

        Assert.Null(NvmlGpuReader.TryCreate());
        Assert.Null(NvidiaSmiGpuReader.TryCreate("nvidia-smi"));
    }

    [Fact]
    public void Simulated_gpus_are_labelled_as_simulated_in_every_document()
    {
        var reader = new SimulatedGpuReader(2, TimeProvider.System);
        var docs = new GpuMetrics(reader).Collect(new MetricDocumentFactory("node-1", "default") { Timestamp = DateTimeOffset.UnixEpoch });
        Assert.Equal(2, docs.Count);
        Assert.All(docs, d =>
        {
            Assert.Equal(true, d["gpu.simulated"]);
            Assert.Equal("simulated", d.GetString("gpu.source"));
            Assert.InRange(d.GetDouble("gpu.utilization.gpu.pct")!.Value, 0, 1);
            Assert.Equal("gpu.device", d.GetString("event.dataset"));
        });
    }
}
