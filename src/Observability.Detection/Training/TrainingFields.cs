using Observability.Core.Metrics;

namespace Observability.Detection.Training;

/// <summary>ECS field names the training and GPU detectors read (as helper "training" and "agent" emit them); configurable.</summary>
public sealed class TrainingFields
{
    public string JobId { get; set; } = "training.job.id";

    public string Rank { get; set; } = "training.rank";

    public string Step { get; set; } = "training.step";

    public string Loss { get; set; } = "training.loss";

    public string StepMs { get; set; } = MetricCatalog.StepDuration.Name;

    public string DataMs { get; set; } = "training.phase.data_ms";

    public string SamplesPerSecond { get; set; } = "training.samples_per_second";

    public string JobState { get; set; } = "training.job.state";

    public string Host { get; set; } = "host.name";

    public string GpuIndex { get; set; } = "gpu.index";

    public string GpuUtilisation { get; set; } = MetricCatalog.GpuUtilization.Name;

    public string GpuMemoryUsed { get; set; } = MetricCatalog.GpuMemoryUsedRatio.Name;

    public string GpuTemperature { get; set; } = "gpu.temperature.celsius";

    public string GpuPower { get; set; } = "gpu.power.usage.watts";

    public string GpuSmClock { get; set; } = "gpu.clock.sm.mhz";

    public string GpuXid { get; set; } = "gpu.xid.code";

    public string GpuEccUncorrected { get; set; } = "gpu.ecc.uncorrected.total";

    public string GpuThermalThrottle { get; set; } = "gpu.throttle.reasons";

    /// <summary>GPU temperature at which we report thermal trouble even without a throttle flag.</summary>
    public double ThermalLimitCelsius { get; set; } = 88;
}
