namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// Plausible GPU readings for hosts without GPUs (<c>--simulate-gpus N</c>): every sample says <c>Simulated</c>, and
/// its documents carry <c>gpu.simulated: true</c>, so they can never be mistaken for real measurements.
/// </summary>
public sealed class SimulatedGpuReader(int count, TimeProvider time) : IGpuReader
{
    private const long Total = 80L * 1024 * 1024 * 1024;
    private readonly Random _random = new(count);
    private readonly double[] _energy = new double[count];
    private DateTimeOffset _last = time.GetUtcNow();

    public string Source => "simulated";

    public IReadOnlyList<GpuSample> Read()
    {
        var now = time.GetUtcNow();
        var seconds = Math.Max(0, (now - _last).TotalSeconds);
        _last = now;
        var list = new List<GpuSample>(count);
        for (var i = 0; i < count; i++)
        {
            // A training-like pattern: high utilisation with a slow wave and a little noise.
            var phase = (now.ToUnixTimeMilliseconds() / 60_000.0) + i;
            var util = Math.Clamp(0.85 + (0.1 * Math.Sin(phase)) + ((_random.NextDouble() - 0.5) * 0.05), 0, 1);
            var power = 250 + (400 * util);
            _energy[i] += power * seconds;
            var used = (long)(Total * (0.6 + (0.2 * util)));
            list.Add(new GpuSample
            {
                Index = i,
                Uuid = $"GPU-SIMULATED-{i:D4}",
                Name = "Simulated H100 80GB HBM3",
                UtilizationGpu = Math.Round(util, 3),
                UtilizationMemory = Math.Round(util * 0.6, 3),
                MemoryUsedBytes = used,
                MemoryFreeBytes = Total - used,
                MemoryTotalBytes = Total,
                TemperatureCelsius = Math.Round(45 + (30 * util), 1),
                PowerWatts = Math.Round(power, 1),
                EnergyJoules = Math.Round(_energy[i], 1),
                SmClockMhz = 1980,
                MemoryClockMhz = 2619,
                ThrottleReasons = 0,
                EccCorrected = 0,
                EccUncorrected = 0,
                PcieTxBytesPerSecond = (long)(2e9 * util),
                PcieRxBytesPerSecond = (long)(3e9 * util),
                RemappedRowsCorrectable = 0,
                RemappedRowsUncorrectable = 0,
                RemappingPending = false,
                RemappingFailed = false,
                Simulated = true,
                Source = Source,
            });
        }

        return list;
    }

    public void Dispose()
    {
    }
}
