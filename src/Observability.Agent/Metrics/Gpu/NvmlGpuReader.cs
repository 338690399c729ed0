using System.Text;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>Reads GPUs through NVML. <see cref="TryCreate"/> returns null on a host without the driver library or without GPUs.</summary>
public sealed class NvmlGpuReader : IGpuReader
{
    private readonly IntPtr[] _devices;
    private readonly string?[] _uuids;
    private IntPtr _events;

    private NvmlGpuReader(IntPtr[] devices)
    {
        _devices = devices;
        _uuids = [.. devices.Select(d => Text(b => NvmlNative.DeviceGetUuid(d, b, (uint)b.Length)))];
        if (NvmlNative.EventSetCreate(out _events) == NvmlNative.Success)
        {
            foreach (var d in devices)
            {
                _ = NvmlNative.DeviceRegisterEvents(d, NvmlNative.EventTypeXidCriticalError, _events); // not supported on every board
            }
        }
    }

    public string Source => "nvml";

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
            var memOk = NvmlNative.DeviceGetMemoryInfo(d, out var mem) == NvmlNative.Success;
            var remapOk = NvmlNative.DeviceGetRemappedRows(d, out var rc, out var ru, out var rp, out var rf) == NvmlNative.Success;
            samples.Add(new GpuSample
            {
                Index = i,
                Uuid = _uuids[i],
                Name = Text(b => NvmlNative.DeviceGetName(d, b, (uint)b.Length)),
                UtilizationGpu = ok ? util.Gpu / 100.0 : null,
                UtilizationMemory = ok ? util.Memory / 100.0 : null,
                MemoryUsedBytes = memOk ? (long)mem.Used : null,
                MemoryFreeBytes = memOk ? (long)mem.Free : null,
                MemoryTotalBytes = memOk ? (long)mem.Total : null,
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
