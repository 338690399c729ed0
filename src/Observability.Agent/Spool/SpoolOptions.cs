using Microsoft.Extensions.Options;

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

    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add($"{Section}:{nameof(Directory)} must be set");
        }

        if (MaxBytes < 1024 * 1024)
        {
            errors.Add($"{Section}:{nameof(MaxBytes)} must be at least 1048576 (was {MaxBytes})");
        }

        if (SpoolAfter <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:{nameof(SpoolAfter)} must be positive");
        }

        if (MaxRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:{nameof(MaxRetryDelay)} must be positive");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(SpoolOptions), errors);
        }
    }
}
