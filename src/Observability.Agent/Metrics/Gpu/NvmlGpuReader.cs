using System.Text;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>Reads GPUs through NVML. <see cref="TryCreate"/> returns null on a host without the driver library or without GPUs.</summary>
public sealed class NvmlGpuReader : IGpuReader
{
    private readonly IntPtr[] _devices;
    private readonly string?[] _uuids;
    private IntPtr _events;
    private bool _memoryV2 = true;

    private NvmlGpuReader(IntPtr[] devices)
    {
        _devices = devices;
        _uuids = [.. devices.Select(d => Text(b => NvmlNative.DeviceGetUuid(d, b, (uint)b.Length)))];
        if (NvmlNative.EventSetCreate(out _events) == NvmlNative.Success)
        {
            foreach (var d in devices)
            {
                // Not supported on every board (or in every VM): such GPUs simply report no XID events.
                XidEventGpus += NvmlNative.DeviceRegisterEvents(d, NvmlNative.EventTypeXidCriticalError, _events) == NvmlNative.Success ? 1 : 0;
            }
        }
    }

    public string Source => "nvml";

    /// <summary>How many GPUs accepted the registration for XID events.</summary>
    public int XidEventGpus { get; }

    /// <summary>The GPU count NVML reported.</summary>
    public int GpuCount => _devices.Length;

    /// <summary>Diagnostics: GPU <paramref name="index"/>'s memory through the v1 call, whose used includes the driver's reservation.</summary>
    public (long Used, long Free, long Total)? MemoryV1(int index) =>
        NvmlNative.DeviceGetMemoryInfo(_devices[index], out var m) == NvmlNative.Success ? ((long)m.Used, (long)m.Free, (long)m.Total) : null;

    /// <summary>The driver's version, e.g. "580.159.04"; null where NVML does not say.</summary>
    public static string? DriverVersion => Text(b => NvmlNative.SystemGetDriverVersion(b, (uint)b.Length));

    public static NvmlGpuReader? TryCreate()
    {
        try
        {
            if (NvmlNative.Init() != NvmlNative.Success || NvmlNative.DeviceGetCount(out var count) != NvmlNative.Success || count == 0)
            {
                return null;
            }

            var devices = new IntPtr[count];
            for (var i = 0u; i < count; i++)
            {
                if (NvmlNative.DeviceGetHandleByIndex(i, out devices[i]) != NvmlNative.Success)
                {
                    return null;
                }
            }

            return new NvmlGpuReader(devices);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }
    }

    public IReadOnlyList<GpuSample> Read()
    {
        var samples = new List<GpuSample>(_devices.Length);
        for (var i = 0; i < _devices.Length; i++)
        {
            var d = _devices[i];
            var ok = NvmlNative.DeviceGetUtilizationRates(d, out var util) == NvmlNative.Success;
            var mem = Memory(d);
            var remapOk = NvmlNative.DeviceGetRemappedRows(d, out var rc, out var ru, out var rp, out var rf) == NvmlNative.Success;
            samples.Add(new GpuSample
            {
                Index = i,
                Uuid = _uuids[i],
                Name = Text(b => NvmlNative.DeviceGetName(d, b, (uint)b.Length)),
                UtilizationGpu = ok ? util.Gpu / 100.0 : null,
                UtilizationMemory = ok ? util.Memory / 100.0 : null,
                MemoryUsedBytes = (long?)mem?.Used,
                MemoryFreeBytes = (long?)mem?.Free,
                MemoryTotalBytes = (long?)mem?.Total,
                MemoryReservedBytes = (long?)mem?.Reserved,
                TemperatureCelsius = NvmlNative.DeviceGetTemperature(d, NvmlNative.TemperatureGpu, out var t) == NvmlNative.Success ? t : null,
                PowerWatts = NvmlNative.DeviceGetPowerUsage(d, out var mw) == NvmlNative.Success ? mw / 1000.0 : null,
                EnergyJoules = NvmlNative.DeviceGetTotalEnergyConsumption(d, out var mj) == NvmlNative.Success ? mj / 1000.0 : null,
                SmClockMhz = NvmlNative.DeviceGetClockInfo(d, NvmlNative.ClockSm, out var sm) == NvmlNative.Success ? sm : null,
                MemoryClockMhz = NvmlNative.DeviceGetClockInfo(d, NvmlNative.ClockMem, out var mc) == NvmlNative.Success ? mc : null,
                ThrottleReasons = NvmlNative.DeviceGetCurrentClocksThrottleReasons(d, out var tr) == NvmlNative.Success ? tr : null,
                EccCorrected = NvmlNative.DeviceGetTotalEccErrors(d, NvmlNative.MemoryErrorCorrected, NvmlNative.AggregateEcc, out var ec) == NvmlNative.Success ? (long)ec : null,
                EccUncorrected = NvmlNative.DeviceGetTotalEccErrors(d, NvmlNative.MemoryErrorUncorrected, NvmlNative.AggregateEcc, out var eu) == NvmlNative.Success ? (long)eu : null,
                PcieTxBytesPerSecond = NvmlNative.DeviceGetPcieThroughput(d, NvmlNative.PcieUtilTxBytes, out var tx) == NvmlNative.Success ? tx * 1024L : null,
                PcieRxBytesPerSecond = NvmlNative.DeviceGetPcieThroughput(d, NvmlNative.PcieUtilRxBytes, out var rx) == NvmlNative.Success ? rx * 1024L : null,
                RemappedRowsCorrectable = remapOk ? rc : null,
                RemappedRowsUncorrectable = remapOk ? ru : null,
                RemappingPending = remapOk ? rp != 0 : null,
                RemappingFailed = remapOk ? rf != 0 : null,
                Processes = Processes(d),
                Source = Source,
            });
        }

        return samples;
    }

    public IReadOnlyList<GpuXidEvent> DrainXidEvents()
    {
        if (_events == IntPtr.Zero)
        {
            return [];
        }

        var list = new List<GpuXidEvent>();
        while (list.Count < 1000 && NvmlNative.EventSetWait(_events, out var data, 0) == NvmlNative.Success)
        {
            var index = Array.IndexOf(_devices, data.Device);
            list.Add(new GpuXidEvent(index, index >= 0 ? _uuids[index] : null, (long)data.EventData));
        }

        return list;
    }

    /// <summary>
    /// Memory through <c>nvmlDeviceGetMemoryInfo_v2</c>, whose <c>used</c> leaves out what the driver reserves (as
    /// nvidia-smi shows it); the v1 call, whose <c>used</c> includes it, where the driver has no v2.
    /// </summary>
    private (ulong Total, ulong Free, ulong Used, ulong? Reserved)? Memory(IntPtr device)
    {
        if (_memoryV2)
        {
            var v2 = new NvmlMemoryV2 { Version = NvmlNative.MemoryV2Version };
            int rc;
            try
            {
                rc = NvmlNative.DeviceGetMemoryInfoV2(device, ref v2);
            }
            catch (EntryPointNotFoundException)
            {
                rc = NvmlNative.ErrorFunctionNotFound;
            }

            if (rc == NvmlNative.Success)
            {
                return (v2.Total, v2.Free, v2.Used, v2.Reserved);
            }

            // An old driver: use v1 from now on. Other errors fall back for this sample only.
            _memoryV2 = rc is not (NvmlNative.ErrorNotSupported or NvmlNative.ErrorFunctionNotFound or NvmlNative.ErrorArgumentVersionMismatch);
        }

        return NvmlNative.DeviceGetMemoryInfo(device, out var v1) == NvmlNative.Success ? (v1.Total, v1.Free, v1.Used, null) : null;
    }

    private static List<GpuProcess> Processes(IntPtr device)
    {
        uint count = 0;
        var rc = NvmlNative.DeviceGetComputeRunningProcesses(device, ref count, null);
        if (rc != NvmlNative.Success && rc != NvmlNative.ErrorInsufficientSize)
        {
            return [];
        }

        if (count == 0)
        {
            return [];
        }

        var infos = new NvmlProcessInfo[count + 8];
        count = (uint)infos.Length;
        if (NvmlNative.DeviceGetComputeRunningProcesses(device, ref count, infos) != NvmlNative.Success)
        {
            return [];
        }

        // NVML reports "not available" memory as all ones.
        return [.. infos.Take((int)count).Select(p => new GpuProcess(p.Pid, p.UsedGpuMemory == ulong.MaxValue ? null : (long)p.UsedGpuMemory))];
    }

    private static string? Text(Func<byte[], int> call)
    {
        var buffer = new byte[96];
        if (call(buffer) != NvmlNative.Success)
        {
            return null;
        }

        var end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    public void Dispose()
    {
        if (_events != IntPtr.Zero)
        {
            _ = NvmlNative.EventSetFree(_events);
            _events = IntPtr.Zero;
        }

        _ = NvmlNative.Shutdown();
    }
}
