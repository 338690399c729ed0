using System.Runtime.InteropServices;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// The NVML entry points and structs the agent uses (nvml.h, driver ≥ 470). Struct sizes and field offsets are
/// checked by tests; the calls themselves run only where <c>libnvidia-ml.so.1</c> exists.
/// </summary>
internal static partial class NvmlNative
{
    public const string Library = "libnvidia-ml.so.1";
    public const int Success = 0;
    public const int ErrorInsufficientSize = 7;
    public const int ErrorNotSupported = 3;
    public const int ErrorFunctionNotFound = 13;
    public const int ErrorArgumentVersionMismatch = 25;
    public const uint TemperatureGpu = 0;
    public const uint ClockSm = 1;
    public const uint ClockMem = 2;
    public const uint MemoryErrorCorrected = 0;
    public const uint MemoryErrorUncorrected = 1;
    public const uint AggregateEcc = 1;
    public const uint PcieUtilTxBytes = 0;
    public const uint PcieUtilRxBytes = 1;
    public const ulong EventTypeXidCriticalError = 0x8;

    /// <summary><c>nvmlMemory_v2</c>: the struct's size with version 2 in the top byte.</summary>
    public const uint MemoryV2Version = 40 | (2u << 24);

    [LibraryImport(Library, EntryPoint = "nvmlInit_v2")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "nvmlShutdown")]
    public static partial int Shutdown();

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial int DeviceGetCount(out uint count);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial int DeviceGetHandleByIndex(uint index, out IntPtr device);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetName")]
    public static partial int DeviceGetName(IntPtr device, [Out] byte[] name, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetUUID")]
    public static partial int DeviceGetUuid(IntPtr device, [Out] byte[] uuid, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetUtilizationRates")]
    public static partial int DeviceGetUtilizationRates(IntPtr device, out NvmlUtilization utilization);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    public static partial int DeviceGetMemoryInfo(IntPtr device, out NvmlMemory memory);

    /// <summary>Like <see cref="DeviceGetMemoryInfo"/>, but <c>used</c> excludes the memory the driver reserves (driver ≥ 510), as nvidia-smi reports it.</summary>
    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo_v2")]
    public static partial int DeviceGetMemoryInfoV2(IntPtr device, ref NvmlMemoryV2 memory);

    [LibraryImport(Library, EntryPoint = "nvmlSystemGetDriverVersion")]
    public static partial int SystemGetDriverVersion([Out] byte[] version, uint length);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetTemperature")]
    public static partial int DeviceGetTemperature(IntPtr device, uint sensor, out uint celsius);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetPowerUsage")]
    public static partial int DeviceGetPowerUsage(IntPtr device, out uint milliwatts);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetTotalEnergyConsumption")]
    public static partial int DeviceGetTotalEnergyConsumption(IntPtr device, out ulong millijoules);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetClockInfo")]
    public static partial int DeviceGetClockInfo(IntPtr device, uint clockType, out uint mhz);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetCurrentClocksThrottleReasons")]
    public static partial int DeviceGetCurrentClocksThrottleReasons(IntPtr device, out ulong reasons);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetTotalEccErrors")]
    public static partial int DeviceGetTotalEccErrors(IntPtr device, uint errorType, uint counterType, out ulong count);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetPcieThroughput")]
    public static partial int DeviceGetPcieThroughput(IntPtr device, uint counter, out uint kilobytesPerSecond);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetRemappedRows")]
    public static partial int DeviceGetRemappedRows(IntPtr device, out uint correctable, out uint uncorrectable, out uint pending, out uint failed);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceGetComputeRunningProcesses_v3")]
    public static partial int DeviceGetComputeRunningProcesses(IntPtr device, ref uint count, [Out] NvmlProcessInfo[]? infos);

    [LibraryImport(Library, EntryPoint = "nvmlEventSetCreate")]
    public static partial int EventSetCreate(out IntPtr set);

    [LibraryImport(Library, EntryPoint = "nvmlDeviceRegisterEvents")]
    public static partial int DeviceRegisterEvents(IntPtr device, ulong eventTypes, IntPtr set);

    [LibraryImport(Library, EntryPoint = "nvmlEventSetWait_v2")]
    public static partial int EventSetWait(IntPtr set, out NvmlEventData data, uint timeoutMs);

    [LibraryImport(Library, EntryPoint = "nvmlEventSetFree")]
    public static partial int EventSetFree(IntPtr set);
}

/// <summary><c>nvmlUtilization_t</c>: percent of time busy over the last sample period.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NvmlUtilization
{
    public uint Gpu;
    public uint Memory;
}

/// <summary><c>nvmlMemory_t</c> (bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NvmlMemory
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}

/// <summary><c>nvmlMemory_v2_t</c> (bytes); <see cref="Version"/> must be <see cref="NvmlNative.MemoryV2Version"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NvmlMemoryV2
{
    public uint Version;
    public ulong Total;
    public ulong Reserved;
    public ulong Free;
    public ulong Used;
}

/// <summary><c>nvmlProcessInfo_t</c> as filled by the <c>_v3</c> process queries.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NvmlProcessInfo
{
    public uint Pid;
    public ulong UsedGpuMemory;
    public uint GpuInstanceId;
    public uint ComputeInstanceId;
}

/// <summary><c>nvmlEventData_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NvmlEventData
{
    public IntPtr Device;
    public ulong EventType;
    public ulong EventData;
    public uint GpuInstanceId;
    public uint ComputeInstanceId;
}
