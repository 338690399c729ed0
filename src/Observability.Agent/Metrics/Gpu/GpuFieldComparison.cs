namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// One field of one GPU as NVML (the two reads around nvidia-smi's, "a…b" when they differ) and nvidia-smi gave it.
/// <see cref="Agrees"/> is null where there is nothing to compare (neither reports it, or nvidia-smi has no such column).
/// </summary>
public sealed record GpuFieldComparison(int GpuIndex, string Field, string Nvml, string NvidiaSmi, string Tolerance, bool? Agrees);
