using Observability.Core.Options;

namespace Observability.Agent.Spool;

/// <summary>The disk spool between the agent and its transport (configuration section <c>Agent:Spool</c>).</summary>
public sealed class SpoolOptions
{
    public const string Section = "Agent:Spool";

    public string Directory { get; set; } = "./data/agent/spool";

    /// <summary>Most bytes on disk; when full, producing waits (the tailers pause) instead of dropping.</summary>
    public long MaxBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>A batch the transport has not acknowledged within this time goes to the spool.</summary>
    public TimeSpan SpoolAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between replay attempts while the transport is down.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where replayed events the transport refuses for good go (so one refused event cannot block the spool
    /// forever); null or empty: they are counted as dropped and logged with their file and offset.
    /// </summary>
    public string? DeadLetterTopic { get; set; } = Core.Transport.Topics.DeadLetter;

    /// <summary>The spool is set by <c>obs agent</c>'s flags (<c>--spool-dir</c>, <c>--spool-max-mb</c>), not by obs.yml; the rest only in code.</summary>
    public void Validate()
    {
        OptionsCheck.NotEmpty("--spool-dir", Directory);
        OptionsCheck.That(MaxBytes >= 1024 * 1024, "--spool-max-mb", $"must be at least 1 MiB (was {MaxBytes} bytes)");
        OptionsCheck.That(SpoolAfter > TimeSpan.Zero, "SpoolOptions.SpoolAfter", $"must be positive (was {SpoolAfter})");
        OptionsCheck.That(MaxRetryDelay > TimeSpan.Zero, "SpoolOptions.MaxRetryDelay", $"must be positive (was {MaxRetryDelay})");
    }
}
