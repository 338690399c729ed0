using Microsoft.Extensions.Options;

namespace Observability.Agent.Metrics;

/// <summary>Node and GPU metrics (configuration section <c>Agent:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Agent:Metrics";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public string HostName { get; set; } = Environment.MachineName;

    public string Namespace { get; set; } = "default";

    public string Topic { get; set; } = Core.Transport.Topics.Metrics;

    /// <summary>Root of procfs (tests point it at fixtures).</summary>
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Collect GPU metrics (NVML, else nvidia-smi; nothing on a host without a driver).</summary>
    public bool Gpu { get; set; } = true;

    /// <summary>Emit this many simulated GPUs (documents carry <c>gpu.simulated: true</c>) instead of real ones.</summary>
    public int SimulateGpus { get; set; }

    /// <summary>
    /// When no GPU driver is found, emit this many simulated GPUs instead of none (<c>obs up --demo</c>, so the GPU
    /// dashboards and report sections have data on a machine without GPUs); real GPUs win when present.
    /// </summary>
    public int SimulateGpusWhenNone { get; set; }

    public string NvidiaSmiPath { get; set; } = "nvidia-smi";

    public void Validate()
    {
        var errors = new List<string>();
        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{Section}:{nameof(Interval)} must be at least 100ms (was {Interval})");
        }

        if (string.IsNullOrWhiteSpace(HostName))
        {
            errors.Add($"{Section}:{nameof(HostName)} must be set");
        }

        if (string.IsNullOrWhiteSpace(Namespace) || Namespace.Contains('-', StringComparison.Ordinal))
        {
            errors.Add($"{Section}:{nameof(Namespace)} must be non-empty without '-' (was '{Namespace}')");
        }

        if (SimulateGpus is < 0 or > 64)
        {
            errors.Add($"{Section}:{nameof(SimulateGpus)} must be between 0 and 64 (was {SimulateGpus})");
        }

        if (SimulateGpusWhenNone is < 0 or > 64)
        {
            errors.Add($"{Section}:{nameof(SimulateGpusWhenNone)} must be between 0 and 64 (was {SimulateGpusWhenNone})");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(MetricsOptions), errors);
        }
    }
}
