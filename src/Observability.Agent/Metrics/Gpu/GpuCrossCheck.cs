using System.Globalization;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// Checks the agent's NVML readings against nvidia-smi on the same card. nvidia-smi is read between two NVML reads,
/// and each of its values must lie in the range of the two NVML values widened by the field's tolerance, so a value
/// that moves while the readers run (temperature, power, memory of a running job) is still checked strictly.
/// </summary>
public static class GpuCrossCheck
{
    private const double MiB = 1024 * 1024;

    /// <summary>Compares every GPU nvidia-smi reported (matched by UUID) with the NVML reads around it.</summary>
    public static List<GpuFieldComparison> Compare(IReadOnlyList<GpuSample> before, IReadOnlyList<GpuSample> smi, IReadOnlyList<GpuSample> after)
    {
        var rows = new List<GpuFieldComparison>();
        foreach (var s in smi)
        {
            var b = before.FirstOrDefault(g => g.Uuid == s.Uuid);
            var a = after.FirstOrDefault(g => g.Uuid == s.Uuid);
            if (b is null || a is null)
            {
                rows.Add(new GpuFieldComparison(s.Index, "uuid", "(none)", s.Uuid ?? "(none)", "same GPU", false));
                continue;
            }

            rows.Add(Text(s.Index, "name", b.Name, s.Name));
            rows.Add(Range(s.Index, "memory.total.bytes", b.MemoryTotalBytes, a.MemoryTotalBytes, s.MemoryTotalBytes, MiB, "±1 MiB (nvidia-smi rounds to MiB)"));
            rows.Add(Range(s.Index, "memory.used.bytes", b.MemoryUsedBytes, a.MemoryUsedBytes, s.MemoryUsedBytes, MiB, "±1 MiB"));
            rows.Add(Range(s.Index, "memory.free.bytes", b.MemoryFreeBytes, a.MemoryFreeBytes, s.MemoryFreeBytes, MiB, "±1 MiB"));
            rows.Add(Range(s.Index, "memory.reserved.bytes", b.MemoryReservedBytes, a.MemoryReservedBytes, s.MemoryReservedBytes, MiB, "±1 MiB"));
            rows.Add(Range(s.Index, "utilization.gpu.pct", b.UtilizationGpu, a.UtilizationGpu, s.UtilizationGpu, 0.10, "±0.10 (a busy-time sample)"));
            rows.Add(Range(s.Index, "utilization.memory.pct", b.UtilizationMemory, a.UtilizationMemory, s.UtilizationMemory, 0.10, "±0.10"));
            rows.Add(Range(s.Index, "temperature.celsius", b.TemperatureCelsius, a.TemperatureCelsius, s.TemperatureCelsius, 1, "±1 °C"));
            rows.Add(Range(s.Index, "power.usage.watts", b.PowerWatts, a.PowerWatts, s.PowerWatts, Math.Max(5, 0.05 * (b.PowerWatts ?? 0)), "±max(5 W, 5 %)"));
            rows.Add(Range(s.Index, "clock.sm.mhz", b.SmClockMhz, a.SmClockMhz, s.SmClockMhz, 15, "±15 MHz (one clock step)"));
            rows.Add(Range(s.Index, "clock.memory.mhz", b.MemoryClockMhz, a.MemoryClockMhz, s.MemoryClockMhz, 15, "±15 MHz"));
            rows.Add(Mask(s.Index, b.ThrottleReasons, a.ThrottleReasons, s.ThrottleReasons));
            rows.Add(Range(s.Index, "ecc.corrected.total", b.EccCorrected, a.EccCorrected, s.EccCorrected, 0, "exact"));
            rows.Add(Range(s.Index, "ecc.uncorrected.total", b.EccUncorrected, a.EccUncorrected, s.EccUncorrected, 0, "exact"));
            rows.AddRange(Processes(s.Index, b, a, s));
            rows.Add(Only(s.Index, "energy.total.joules", b.EnergyJoules));
            rows.Add(Only(s.Index, "pcie.tx.bytes_per_sec", b.PcieTxBytesPerSecond));
            rows.Add(Only(s.Index, "pcie.rx.bytes_per_sec", b.PcieRxBytesPerSecond));
            rows.Add(Only(s.Index, "remapped_rows.correctable", b.RemappedRowsCorrectable));
            rows.Add(Only(s.Index, "remapped_rows.uncorrectable", b.RemappedRowsUncorrectable));
        }

        return rows;
    }

    private static GpuFieldComparison Text(int gpu, string field, string? nvml, string? smi) =>
        new(gpu, field, nvml ?? "null", smi ?? "null", "equal", nvml is null && smi is null ? null : nvml == smi);

    private static GpuFieldComparison Range(int gpu, string field, double? before, double? after, double? smi, double tolerance, string stated)
    {
        var nvml = before is null ? "null" : after is null || after == before ? Format(before) : $"{Format(before)}…{Format(after)}";
        if (before is null && smi is null)
        {
            return new GpuFieldComparison(gpu, field, "null", "null", stated, null);
        }

        if (before is null || after is null || smi is null)
        {
            return new GpuFieldComparison(gpu, field, nvml, Format(smi), stated, false);
        }

        var low = Math.Min(before.Value, after.Value) - tolerance;
        var high = Math.Max(before.Value, after.Value) + tolerance;
        return new GpuFieldComparison(gpu, field, nvml, Format(smi), stated, smi >= low && smi <= high);
    }

    private static GpuFieldComparison Mask(int gpu, ulong? before, ulong? after, ulong? smi)
    {
        string Hex(ulong? v) => v is null ? "null" : $"0x{v:x}";
        var agrees = before is null && smi is null ? (bool?)null : smi is not null && (smi == before || smi == after);
        return new GpuFieldComparison(gpu, "throttle.mask", before == after ? Hex(before) : $"{Hex(before)}…{Hex(after)}", Hex(smi), "equal to one NVML read", agrees);
    }

    private static IEnumerable<GpuFieldComparison> Processes(int gpu, GpuSample before, GpuSample after, GpuSample smi)
    {
        var nvmlPids = before.Processes.Select(p => p.Pid).Union(after.Processes.Select(p => p.Pid)).Order().ToList();
        var smiPids = smi.Processes.Select(p => p.Pid).Order().ToList();
        var samePids = smiPids.All(nvmlPids.Contains) && before.Processes.Select(p => p.Pid).Intersect(after.Processes.Select(p => p.Pid)).All(smiPids.Contains);
        yield return new GpuFieldComparison(gpu, "process.pids", string.Join(' ', nvmlPids), string.Join(' ', smiPids), "same PIDs", nvmlPids.Count == 0 && smiPids.Count == 0 ? null : samePids);
        foreach (var p in smi.Processes)
        {
            var b = before.Processes.FirstOrDefault(x => x.Pid == p.Pid)?.UsedMemoryBytes;
            var a = after.Processes.FirstOrDefault(x => x.Pid == p.Pid)?.UsedMemoryBytes;
            yield return Range(gpu, $"process[{p.Pid}].memory.used.bytes", b ?? a, a ?? b, p.UsedMemoryBytes, MiB, "±1 MiB");
        }
    }

    private static GpuFieldComparison Only(int gpu, string field, double? nvml) => new(gpu, field, Format(nvml), "—", "NVML only", null);

    private static string Format(double? v) => v is null ? "null" : v.Value.ToString(Math.Abs(v.Value) >= 1e6 ? "N0" : "0.###", CultureInfo.InvariantCulture);
}
