using Observability.Agent.Metrics.Node;
using Observability.Core.Options;

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

    /// <summary>
    /// The host's root file system mounted into the agent's container (<c>--hostfs</c>, as node_exporter's
    /// <c>--path.rootfs</c>): node metrics come from its <c>proc</c>, network counters and mounts from its pid 1, and file
    /// systems are measured under it but reported at the host's mount points. Unset: this machine's <c>proc_root</c>.
    /// </summary>
    public string? HostFs { get; set; }

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

    /// <summary>Where the node metric readers read: under <see cref="HostFs"/> when set, else <see cref="ProcRoot"/>.</summary>
    public NodePaths Paths() => string.IsNullOrEmpty(HostFs) ? NodePaths.Local(ProcRoot) : NodePaths.Host(HostFs);

    /// <summary>Checks every setting, the first bad one failing with its obs.yml key (<c>agent.metrics.host_fs</c>).</summary>
    public void Validate()
    {
        const string p = "agent.metrics";
        if (!string.IsNullOrEmpty(HostFs))
        {
            OptionsCheck.That(ProcRoot == "/proc", $"{p}.host_fs", $"and {p}.proc_root are both set: give one (host_fs reads HOSTFS/proc)");
            OptionsCheck.That(Directory.Exists(Path.Combine(HostFs, "proc")), $"{p}.host_fs", $"must be the host's root with its /proc under it: {Path.Combine(HostFs, "proc")} does not exist");
        }

        OptionsCheck.That(Interval >= TimeSpan.FromMilliseconds(100), $"{p}.interval", $"must be at least 100ms (was {Interval})");
        OptionsCheck.NotEmpty($"{p}.host_name", HostName);
        OptionsCheck.That(!string.IsNullOrWhiteSpace(Namespace) && !Namespace.Contains('-', StringComparison.Ordinal), $"{p}.namespace", $"must be non-empty without '-' (was '{Namespace}')");
        OptionsCheck.Range($"{p}.simulate_gpus", SimulateGpus, 0, 64);
        OptionsCheck.Range($"{p}.simulate_gpus_when_none", SimulateGpusWhenNone, 0, 64);
    }
}
