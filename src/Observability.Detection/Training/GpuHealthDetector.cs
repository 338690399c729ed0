using Observability.Core.Documents;
using Observability.Core.Metrics;
using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;

namespace Observability.Detection.Training;

/// <summary>
/// GPU health over <c>gpu.*</c> metric documents: GPUs idle while a job runs on their host, utilisation stuck at
/// one value, memory that grows steadily towards full (a leak), temperature running away from its usual level,
/// thermal throttling, XID errors and new uncorrectable ECC errors.
/// </summary>
public sealed class GpuHealthDetector
{
    private readonly TrainingFields _f;
    private readonly Dictionary<string, GpuState> _gpus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Job, DateTimeOffset At)> _jobsByHost = new(StringComparer.Ordinal);

    public GpuHealthDetector(TrainingFields? fields = null) => _f = fields ?? new TrainingFields();

    /// <summary>A job is considered running on a host while its telemetry arrived within this time.</summary>
    public TimeSpan JobLiveness { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Utilisation below which a GPU counts as idle.</summary>
    /// <summary>In the unit of <see cref="MetricCatalog.GpuUtilization"/> (a 0–1 ratio): 5 %.</summary>
    public double IdleBelow { get; init; } = MetricCatalog.GpuUtilization.FromPercent(5);

    /// <summary>Samples of steady memory growth needed, and the horizon (samples) within which it would fill up.</summary>
    public int LeakHorizon { get; init; } = 360;

    /// <summary>Degrees above the GPU's usual (median) temperature, with a steady rise, that count as a runaway.</summary>
    public double RunawayDelta { get; init; } = 12;

    /// <summary>Training documents tell which host runs which job.</summary>
    public void ObserveJob(string host, string job, string? state, DateTimeOffset at)
    {
        if (state is "failed" or "succeeded" or "cancelled")
        {
            _jobsByHost.Remove(host);
            return;
        }

        _jobsByHost[host] = (job, at);
    }

    public IEnumerable<Anomaly> Observe(EcsDocument doc, DateTimeOffset arrival)
    {
        var host = doc.GetString(_f.Host);
        var gpu = doc.GetString(_f.GpuIndex) ?? doc.GetString("gpu.uuid");
        if (host is null || gpu is null)
        {
            yield break;
        }

        var at = doc.Timestamp ?? arrival;
        var key = host + "/" + gpu;
        if (!_gpus.TryGetValue(key, out var s))
        {
            s = new GpuState();
            _gpus[key] = s;
        }

        var entity = LabelSet.Of(("host", host), ("gpu", gpu));
        var jobRunning = _jobsByHost.TryGetValue(host, out var job) && at - job.At <= JobLiveness;

        if (doc.GetDouble(_f.GpuUtilisation) is { } util)
        {
            var previous = s.Utilisation.Count > 0 ? s.Utilisation[s.Utilisation.Count - 1] : util;
            s.SawVariation |= Math.Abs(util - previous) > 1e-9;
            s.Utilisation.Add(util);
            if (s.Utilisation.IsFull)
            {
                double min = double.MaxValue, max = double.MinValue, sum = 0;
                for (var i = 0; i < s.Utilisation.Count; i++)
                {
                    var u = s.Utilisation[i];
                    min = Math.Min(min, u);
                    max = Math.Max(max, u);
                    sum += u;
                }

                if (jobRunning && max < IdleBelow)
                {
                    yield return new Anomaly("gpu", "gpu_idle", entity.With([KeyValuePair.Create("job", job.Job)]), at, 90, Inv($"GPU utilisation below {IdleBelow:P0} for {s.Utilisation.Count} samples while job {job.Job} runs on {host}"));
                }
                else if (jobRunning && s.SawVariation && max - min < 1e-9 && min >= IdleBelow)
                {
                    yield return new Anomaly("gpu", "utilisation_stuck", entity, at, 85, Inv($"GPU utilisation stuck at exactly {min:P1} for {s.Utilisation.Count} samples"));
                }
            }
        }

        if (doc.GetDouble(_f.GpuMemoryUsed) is { } mem)
        {
            s.Memory.Add(mem);
            if (s.Memory.IsFull)
            {
                var (slope, r2) = s.Memory.Fit();
                var left = 1.0 - mem;
                if (slope > 0 && r2 > 0.9 && left / slope < LeakHorizon)
                {
                    yield return new Anomaly("gpu", "memory_leak", entity, at, Math.Clamp(100 - (50 * (left / slope) / LeakHorizon), 50, 100), Inv($"GPU memory at {mem:P0} grows {slope * 100:F2} points per sample (R² {r2:F2}); full in ~{left / slope:F0} samples"));
                }
            }
        }

        if (doc.GetDouble(_f.GpuTemperature) is { } temp)
        {
            var usual = s.TemperatureLevel.Count >= 30 ? s.TemperatureLevel.Median() : temp;
            s.Temperature.Add(temp);
            if (s.Temperature.IsFull)
            {
                var (slope, r2) = s.Temperature.Fit();
                if (temp - usual > RunawayDelta && slope > 0 && r2 > 0.6)
                {
                    yield return new Anomaly("gpu", "thermal_runaway", entity, at, Math.Clamp(50 + (2 * (temp - usual - RunawayDelta)), 50, 100), Inv($"temperature {temp:F0} °C is {temp - usual:F0} °C above its usual {usual:F0} °C and rising {slope:F2} °C per sample"));
                }
            }

            if (temp - usual < RunawayDelta / 2)
            {
                s.TemperatureLevel.Add(temp); // a runaway does not teach the level
            }

            if (temp >= _f.ThermalLimitCelsius)
            {
                yield return new Anomaly("gpu", "thermal", entity, at, Math.Clamp(70 + (3 * (temp - _f.ThermalLimitCelsius)), 70, 100), Inv($"temperature {temp:F0} °C at or above the limit {_f.ThermalLimitCelsius:F0} °C"));
            }
        }

        if (ThermalThrottle(doc[_f.GpuThermalThrottle]) is { } reason)
        {
            yield return new Anomaly("gpu", "thermal_throttle", entity, at, 80, $"the GPU reports thermal throttling ({reason})");
        }

        if (doc.GetDouble(_f.GpuXid) is { } xid && xid > 0)
        {
            yield return new Anomaly("gpu", "xid", entity.With([KeyValuePair.Create("xid", xid.ToString(System.Globalization.CultureInfo.InvariantCulture))]), at, xid is 48 or 79 or 94 or 95 ? 100 : 85, Inv($"XID {xid} reported by the driver"));
        }

        if (doc.GetDouble(_f.GpuEccUncorrected) is { } ecc)
        {
            if (s.LastEcc is { } last && ecc > last)
            {
                yield return new Anomaly("gpu", "ecc", entity, at, 95, Inv($"{ecc - last:F0} new uncorrectable ECC errors (total {ecc:F0})"));
            }

            s.LastEcc = ecc;
        }
    }

    /// <summary>The agent writes NVML's throttle reasons as names (<c>sw_thermal_slowdown</c>, <c>hw_thermal_slowdown</c>); a flag works too.</summary>
    private static string? ThermalThrottle(object? value) => value switch
    {
        true => "flag",
        string s when s.Contains("thermal", StringComparison.OrdinalIgnoreCase) => s,
        System.Collections.IEnumerable list and not string => list.Cast<object?>().Select(o => o?.ToString()).FirstOrDefault(r => r is not null && r.Contains("thermal", StringComparison.OrdinalIgnoreCase)),
        _ => null,
    };

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
