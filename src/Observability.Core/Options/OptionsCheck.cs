namespace Observability.Core.Options;

/// <summary>
/// The checks every options class's <c>Validate()</c> uses, so each error message names the key and the value.
/// <c>key</c> is the full dotted key as written in <c>obs.yml</c> (<c>indexer.batch_size</c>).
/// </summary>
public static class OptionsCheck
{
    public static void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ObsConfigException(key, $"must be between {min} and {max}, got {value}");
        }
    }

    public static void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw new ObsConfigException(key, $"must be between {min} and {max}, got {value}");
        }
    }

    public static void Range(string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            throw new ObsConfigException(key, $"must be between {min} and {max}, got {value}");
        }
    }

    public static void NotEmpty(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ObsConfigException(key, "must not be empty");
        }
    }

    public static void NotEmpty<T>(string key, IReadOnlyCollection<T>? values)
    {
        if (values is null || values.Count == 0)
        {
            throw new ObsConfigException(key, "must list at least one value");
        }
    }

    public static void OneOf(string key, string? value, params string[] allowed)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new ObsConfigException(key, $"must be one of {string.Join(", ", allowed)}, got '{value}'");
        }
    }

    public static void That(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new ObsConfigException(key, message);
        }
    }
}
