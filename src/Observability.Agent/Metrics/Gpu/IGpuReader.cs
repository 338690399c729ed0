namespace Observability.Agent.Metrics.Gpu;

/// <summary>Reads every GPU of the host (NVML, nvidia-smi, or the simulator).</summary>
public interface IGpuReader : IDisposable
{
    string Source { get; }

    IReadOnlyList<GpuSample> Read();

    /// <summary>XID errors since the last call (NVML only; empty elsewhere).</summary>
    IReadOnlyList<GpuXidEvent> DrainXidEvents() => [];
}

/// <summary>An XID error reported by the driver (e.g. 79: GPU fell off the bus; 48: double-bit ECC error).</summary>
public sealed record GpuXidEvent(int GpuIndex, string? Uuid, long Xid);
