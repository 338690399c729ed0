using Observability.Core.Options;

namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// Retention of the embedded store (<c>store.retention</c> in obs.yml, <c>--retention-max-age</c> and
/// <c>--retention-max-size</c> on <c>obs up</c>). Both empty (the default): the store keeps everything.
/// </summary>
public sealed class DuckDbRetentionOptions
{
    /// <summary>Documents whose <c>@timestamp</c> is older than this are dropped, e.g. <c>7d</c>, <c>36h</c>, <c>2w</c>.</summary>
    public string? MaxAge { get; set; }

    /// <summary>
    /// The most the live data may take on disk, e.g. <c>10GB</c>: above it the oldest whole hours (by <c>@timestamp</c>)
    /// are dropped until the data is back under 90% of it. The newest hour is never dropped.
    /// </summary>
    public string? MaxSize { get; set; }

    /// <summary>Seconds between two retention passes.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>The most rows one <c>DELETE</c> removes, so the writer waits for the store at most one such delete.</summary>
    public int DeleteBatchRows { get; set; } = 200_000;

    /// <summary>
    /// At start-up, when at least this share of the file is free space left by dropped data, the file is rewritten
    /// with the live data only, so the disk space goes back to the file system; 0 never rewrites it.
    /// </summary>
    public double CompactAtStartFreeRatio { get; set; } = 0.25;

    public bool Enabled => !string.IsNullOrWhiteSpace(MaxAge) || !string.IsNullOrWhiteSpace(MaxSize);

    public TimeSpan? MaxAgeSpan => RetentionValue.TryParseAge(MaxAge, out var age) ? age : null;

    public long? MaxSizeBytes => RetentionValue.TryParseSize(MaxSize, out var bytes) ? bytes : null;

    public void Validate(string prefix = "store.retention")
    {
        OptionsCheck.That(string.IsNullOrWhiteSpace(MaxAge) || (MaxAgeSpan is { } age && age >= TimeSpan.FromMinutes(1)),
            $"{prefix}.max_age", $"must be an age of at least 1 minute such as 90m, 36h, 7d or 2w, got '{MaxAge}'");
        OptionsCheck.That(string.IsNullOrWhiteSpace(MaxSize) || MaxSizeBytes >= 1_000_000,
            $"{prefix}.max_size", $"must be a size of at least 1MB such as 500MB, 10GB or 1.5TiB, got '{MaxSize}'");
        OptionsCheck.Range($"{prefix}.interval_seconds", IntervalSeconds, 1, 86_400);
        OptionsCheck.Range($"{prefix}.delete_batch_rows", DeleteBatchRows, 1_000, 10_000_000);
        OptionsCheck.That(CompactAtStartFreeRatio is >= 0 and <= 1, $"{prefix}.compact_at_start_free_ratio",
            $"must be between 0 and 1, got {CompactAtStartFreeRatio}");
    }
}
