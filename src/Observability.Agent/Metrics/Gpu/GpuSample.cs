namespace Observability.Agent.Metrics.Gpu;

/// <summary>One GPU's readings at one moment; null where the device or driver does not report a value.</summary>
public sealed record GpuSample
{
    public int Index { get; init; }

    public string? Uuid { get; init; }

    public string? Name { get; init; }

    /// <summary>0–1.</summary>
    public double? UtilizationGpu { get; init; }

    /// <summary>0–1: fraction of time the memory controller was busy.</summary>
    public double? UtilizationMemory { get; init; }

    public long? MemoryUsedBytes { get; init; }

    public long? MemoryFreeBytes { get; init; }

    public long? MemoryTotalBytes { get; init; }

    /// <summary>Memory the driver reserves for itself; not part of <see cref="MemoryUsedBytes"/> (NVML v2, nvidia-smi ≥ 510).</summary>
    public long? MemoryReservedBytes { get; init; }

    public double? TemperatureCelsius { get; init; }

    public double? PowerWatts { get; init; }

    public double? EnergyJoules { get; init; }

    public long? SmClockMhz { get; init; }

    public long? MemoryClockMhz { get; init; }

    public ulong? ThrottleReasons { get; init; }

    public long? EccCorrected { get; init; }

    public long? EccUncorrected { get; init; }

    public long? PcieTxBytesPerSecond { get; init; }

    public long? PcieRxBytesPerSecond { get; init; }

    public long? RemappedRowsCorrectable { get; init; }

    public long? RemappedRowsUncorrectable { get; init; }

    public bool? RemappingPending { get; init; }

    public bool? RemappingFailed { get; init; }

    public IReadOnlyList<GpuProcess> Processes { get; init; } = [];

    public bool Simulated { get; init; }

    /// <summary>nvml, nvidia-smi or simulated.</summary>
    public required string Source { get; init; }
}

/// <summary>A process using a GPU, so a training job's PID maps to its GPU memory.</summary>
public sealed record GpuProcess(long Pid, long? UsedMemoryBytes);
