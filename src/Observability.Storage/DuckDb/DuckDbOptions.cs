using Observability.Core.Options;

namespace Observability.Storage.DuckDb;

/// <summary>Options of the embedded store (<c>store.duckdb</c> in obs.yml).</summary>
public sealed class DuckDbOptions
{
    public const string DefaultFileName = "obs.duckdb";

    /// <summary>The data directory; the database file is created in it.</summary>
    public string DataDirectory { get; set; } = "data";

    public string FileName { get; set; } = DefaultFileName;

    /// <summary>DuckDB's worker threads (<c>SET threads</c>); 0 leaves DuckDB's default (one per core).</summary>
    public int Threads { get; set; }

    /// <summary>DuckDB's memory limit, e.g. <c>2GB</c>; empty leaves DuckDB's default (80% of RAM).</summary>
    public string? MemoryLimit { get; set; }

    /// <summary>
    /// How long opening the store waits for another process to close the file (an <c>obs search</c> or <c>obs report</c>
    /// that opened it while no <c>obs up</c> ran) before it fails; 0 fails at once.
    /// </summary>
    public int OpenWaitMs { get; set; } = 30_000;

    /// <summary>
    /// How long after its first copy was stored a redelivered document is still recognised as a duplicate (see
    /// <see cref="RecentEventIds"/>). Redeliveries come within seconds (the agent's checkpoint is at most a second old).
    /// </summary>
    public int DedupWindowSeconds { get; set; } = 600;

    /// <summary>The most recent ids held for the duplicate check, per table (about 45 bytes each in memory).</summary>
    public int DedupMaxIds { get; set; } = 4_000_000;

    public string DatabasePath => Path.Combine(DataDirectory, FileName);

    public void Validate(string prefix = "store.duckdb")
    {
        OptionsCheck.NotEmpty($"{prefix}.data_directory", DataDirectory);
        OptionsCheck.NotEmpty($"{prefix}.file_name", FileName);
        OptionsCheck.That(FileName.IndexOfAny(['/', '\\']) < 0, $"{prefix}.file_name", $"must be a file name, not a path, got '{FileName}'");
        OptionsCheck.Range($"{prefix}.threads", Threads, 0, 256);
        OptionsCheck.Range($"{prefix}.open_wait_ms", OpenWaitMs, 0, 600_000);
        OptionsCheck.Range($"{prefix}.dedup_window_seconds", DedupWindowSeconds, 1, 7 * 24 * 3600);
        OptionsCheck.Range($"{prefix}.dedup_max_ids", DedupMaxIds, 1000, 100_000_000);
        OptionsCheck.That(MemoryLimit is null || System.Text.RegularExpressions.Regex.IsMatch(MemoryLimit, "^[0-9]+(\\.[0-9]+)?\\s*[KMGT]i?B$", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
            $"{prefix}.memory_limit", $"must look like 512MB or 2GB, got '{MemoryLimit}'");
    }
}
