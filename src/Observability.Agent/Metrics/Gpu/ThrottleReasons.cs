namespace Observability.Agent.Metrics.Gpu;

/// <summary>NVML clock throttle (clocks event) reason bits, named as nvidia-smi names them.</summary>
public static class ThrottleReasons
{
    private static readonly (ulong Bit, string Name)[] Names =
    [
        (0x1, "gpu_idle"), (0x2, "applications_clocks_setting"), (0x4, "sw_power_cap"), (0x8, "hw_slowdown"),
        (0x10, "sync_boost"), (0x20, "sw_thermal_slowdown"), (0x40, "hw_thermal_slowdown"), (0x80, "hw_power_brake_slowdown"),
        (0x100, "display_clock_setting"),
    ];

    public static IReadOnlyList<string> Decode(ulong mask) => [.. Names.Where(n => (mask & n.Bit) != 0).Select(n => n.Name)];
}
