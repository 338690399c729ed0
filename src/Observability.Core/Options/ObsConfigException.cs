namespace Observability.Core.Options;

/// <summary>
/// A configuration value is missing, malformed or out of range. The message always names the key the way the
/// user wrote it (<c>indexer.batch_size</c>), so a bad <c>obs.yml</c> fails at start-up with a fixable error.
/// </summary>
public sealed class ObsConfigException : Exception
{
    public ObsConfigException(string key, string message) : base($"{key} {message}") => Key = key;

    public ObsConfigException() : base("invalid configuration") => Key = string.Empty;

    public ObsConfigException(string message) : base(message) => Key = string.Empty;

    public ObsConfigException(string message, Exception inner) : base(message, inner) => Key = string.Empty;

    /// <summary>The dotted configuration key at fault, e.g. <c>indexer.batch_size</c>.</summary>
    public string Key { get; }
}
