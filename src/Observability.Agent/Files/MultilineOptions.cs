using System.Text.RegularExpressions;

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

    public IEnumerable<string> Validate(string prefix)
    {
        if (Preset is not null && MultilinePresets.Find(Preset) is null)
        {
            yield return $"{prefix}:{nameof(Preset)} must be one of {string.Join(", ", MultilinePresets.Names)} (was '{Preset}')";
        }

        if (Preset is null && string.IsNullOrEmpty(StartPattern))
        {
            yield return $"{prefix}:{nameof(StartPattern)} must be set when no {nameof(Preset)} is given";
        }

        if (StartPattern is not null && !IsValidRegex(StartPattern))
        {
            yield return $"{prefix}:{nameof(StartPattern)} is not a valid regular expression ('{StartPattern}')";
        }

        if (FlushTimeout <= TimeSpan.Zero)
        {
            yield return $"{prefix}:{nameof(FlushTimeout)} must be positive";
        }

        if (MaxLines < 1)
        {
            yield return $"{prefix}:{nameof(MaxLines)} must be at least 1 (was {MaxLines})";
        }
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
