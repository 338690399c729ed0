using Observability.Core.Options;

namespace Observability.Indexer;

/// <summary>Options of the indexer (<c>indexer</c> section of obs.yml).</summary>
public sealed class IndexerOptions
{
    public const string Section = "indexer";

    public List<string> Topics { get; set; } = [];

    /// <summary>Topics to consume when <see cref="Topics"/> lists none.</summary>
    public static IReadOnlyList<string> DefaultTopics { get; } = [Core.Transport.Topics.Logs, Core.Transport.Topics.Metrics, Core.Transport.Topics.Traces];

    public IReadOnlyList<string> EffectiveTopics => Topics.Count > 0 ? Topics : DefaultTopics;

    /// <summary>Most messages written to the store in one transaction.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How long a receive waits for a batch to fill before writing what came.</summary>
    public int MaxWaitMs { get; set; } = 50;

    /// <summary>Messages larger than this are dead-lettered unread (input size limit).</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>First retry delay after a transient store error; doubles per attempt with ±20% jitter.</summary>
    public int RetryInitialMs { get; set; } = 100;

    public int RetryMaxMs { get; set; } = 10_000;

    /// <summary>After stop, how long the indexer keeps storing what is already queued (upstream has stopped by then).</summary>
    public int DrainTimeoutMs { get; set; } = 15_000;

    /// <summary>
    /// Zone of times at the start of log lines written without an offset (syslog, <c>2026-12-05 06:30:15</c>); an IANA
    /// name such as <c>Europe/Berlin</c>, or <c>UTC</c>. See <see cref="LineEventTime"/>.
    /// </summary>
    public string LineTimeZone { get; set; } = "UTC";

    /// <summary>Take <c>@timestamp</c> from the start of lines that have no time of their own (see <see cref="LineEventTime"/>).</summary>
    public bool TimestampFromLine { get; set; } = true;

    public TimeSpan MaxWait => TimeSpan.FromMilliseconds(MaxWaitMs);

    public TimeZoneInfo LineZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(LineTimeZone, out var zone)
            ? zone
            : throw new ObsConfigException($"{Section}.line_time_zone", $"'{LineTimeZone}' is not a time zone (use an IANA name such as Europe/Berlin, or UTC)");

    public void Validate(string prefix = Section)
    {
        OptionsCheck.Range($"{prefix}.batch_size", BatchSize, 1, 100_000);
        OptionsCheck.Range($"{prefix}.max_wait_ms", MaxWaitMs, 1, 60_000);
        OptionsCheck.Range($"{prefix}.max_message_bytes", MaxMessageBytes, 1024, 64 * 1024 * 1024);
        OptionsCheck.Range($"{prefix}.retry_initial_ms", RetryInitialMs, 1, 60_000);
        OptionsCheck.Range($"{prefix}.retry_max_ms", RetryMaxMs, RetryInitialMs, 600_000);
        OptionsCheck.Range($"{prefix}.drain_timeout_ms", DrainTimeoutMs, 0, 600_000);
        OptionsCheck.NotEmpty($"{prefix}.line_time_zone", LineTimeZone);
        _ = LineZone();
        for (var i = 0; i < Topics.Count; i++)
        {
            OptionsCheck.NotEmpty($"{prefix}.topics[{i}]", Topics[i]);
        }
    }
}
