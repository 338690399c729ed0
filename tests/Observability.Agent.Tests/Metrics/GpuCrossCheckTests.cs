using Observability.Agent.Metrics.Gpu;

namespace Observability.Agent.Tests.Metrics;

public sealed class GpuCrossCheckTests
{
    private const long MiB = 1024 * 1024;

    private static GpuSample Card(string source, long usedMiB = 21_000, double temperature = 60, double power = 690, ulong mask = 4, params GpuProcess[] processes) => new()
    {
        Index = 0,
        Uuid = "GPU-1",
        Name = "NVIDIA H200",
        MemoryTotalBytes = 143_771 * MiB,
        MemoryUsedBytes = usedMiB * MiB,
        MemoryFreeBytes = (143_771 - 616 - usedMiB) * MiB,
        MemoryReservedBytes = 616 * MiB,
        UtilizationGpu = 0.99,
        TemperatureCelsius = temperature,
        PowerWatts = power,
        SmClockMhz = 1455,
        ThrottleReasons = mask,
        EccCorrected = 0,
        EnergyJoules = source == "nvml" ? 15_000 : null,
        Processes = processes,
        Source = source,
    };

    private static GpuFieldComparison Row(List<GpuFieldComparison> rows, string field) => rows.Single(r => r.Field == field);

    [Fact]
    public void Values_between_or_near_the_two_nvml_reads_agree()
    {
        var rows = GpuCrossCheck.Compare(
            [Card("nvml", temperature: 60, power: 690, processes: new GpuProcess(476, 21_000 * MiB))],
            [Card("nvidia-smi", temperature: 61, power: 700.5, mask: 1, processes: new GpuProcess(476, 21_000 * MiB))],
            [Card("nvml", temperature: 62, power: 701, mask: 1, processes: new GpuProcess(476, 21_000 * MiB))]);

        Assert.All(rows.Where(r => r.Agrees is not null), r => Assert.True(r.Agrees, $"{r.Field}: {r.Nvml} vs {r.NvidiaSmi}"));
        Assert.Equal("60…62", Row(rows, "temperature.celsius").Nvml);
        Assert.Equal("0x4…0x1", Row(rows, "throttle.mask").Nvml);
        Assert.True(Row(rows, "process[476].memory.used.bytes").Agrees);
        Assert.Null(Row(rows, "energy.total.joules").Agrees); // nvidia-smi has no such column
        Assert.Null(Row(rows, "utilization.memory.pct").Agrees); // neither reports it
    }

    [Fact]
    public void A_value_outside_the_tolerance_disagrees()
    {
        // Memory used counted with the driver's reservation (NVML v1) against nvidia-smi's, which leaves it out.
        var rows = GpuCrossCheck.Compare([Card("nvml", usedMiB: 21_616)], [Card("nvidia-smi")], [Card("nvml", usedMiB: 21_616)]);
        Assert.False(Row(rows, "memory.used.bytes").Agrees);
        Assert.True(Row(rows, "memory.total.bytes").Agrees);

        var hot = GpuCrossCheck.Compare([Card("nvml", temperature: 60)], [Card("nvidia-smi", temperature: 63)], [Card("nvml", temperature: 61)]);
        Assert.False(Row(hot, "temperature.celsius").Agrees);

        var mask = GpuCrossCheck.Compare([Card("nvml", mask: 4)], [Card("nvidia-smi", mask: 1)], [Card("nvml", mask: 4)]);
        Assert.False(Row(mask, "throttle.mask").Agrees);
    }

    [Fact]
    public void A_process_or_gpu_only_one_side_sees_disagrees()
    {
        var rows = GpuCrossCheck.Compare([Card("nvml")], [Card("nvidia-smi", processes: new GpuProcess(9, MiB))], [Card("nvml")]);
        Assert.False(Row(rows, "process.pids").Agrees);
        Assert.False(Row(rows, "process[9].memory.used.bytes").Agrees);

        var other = Card("nvidia-smi") with { Uuid = "GPU-2" };
        var missing = GpuCrossCheck.Compare([Card("nvml")], [other], [Card("nvml")]);
        Assert.False(Assert.Single(missing).Agrees);
    }
}
