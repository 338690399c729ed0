using System.Text.RegularExpressions;
using Observability.Core.Options;

namespace Observability.Agent.Files;

/// <summary>
/// Groups several lines into one event. A line that matches <see cref="StartPattern"/> starts a new event;
/// other lines are appended to the event being built. A preset sets the pattern for a common format.
/// </summary>
public sealed class MultilineOptions
{
    /// <summary><c>python</c>, <c>java</c>, <c>go</c>, or null for a custom <see cref="StartPattern"/>.</summary>
    public string? Preset { get; set; }

    /// <summary>Regular expression a line starting a new event matches.</summary>
    public string? StartPattern { get; set; }

    /// <summary>An event being built is sent when no line came for this long.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most lines in one event; more start a new event (flagged as truncated).</summary>
    public int MaxLines { get; set; } = 500;

    /// <summary><paramref name="prefix"/> is the obs.yml block (<c>agent.files.multiline</c>).</summary>
    public void Validate(string prefix = "agent.files.multiline")
    {
        OptionsCheck.That(Preset is null || MultilinePresets.Find(Preset) is not null, $"{prefix}.preset", $"must be one of {string.Join(", ", MultilinePresets.Names)} (was '{Preset}')");
        OptionsCheck.That(Preset is not null || !string.IsNullOrEmpty(StartPattern), $"{prefix}.start_pattern", "must be set when no preset is given");
        OptionsCheck.That(StartPattern is null || IsValidRegex(StartPattern), $"{prefix}.start_pattern", $"is not a valid regular expression ('{StartPattern}')");
        OptionsCheck.That(FlushTimeout > TimeSpan.Zero, $"{prefix}.flush_timeout", $"must be positive (was {FlushTimeout})");
        OptionsCheck.That(MaxLines >= 1, $"{prefix}.max_lines", $"must be at least 1 (was {MaxLines})");
    }

    public Regex BuildStartRegex()
    {
        var pattern = StartPattern ?? MultilinePresets.Find(Preset!)!;
        return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
