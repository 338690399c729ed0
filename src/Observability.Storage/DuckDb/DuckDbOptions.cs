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

    public string DatabasePath => Path.Combine(DataDirectory, FileName);

    public void Validate(string prefix = "store.duckdb")
    {
        OptionsCheck.NotEmpty($"{prefix}.data_directory", DataDirectory);
        OptionsCheck.NotEmpty($"{prefix}.file_name", FileName);
        OptionsCheck.That(FileName.IndexOfAny(['/', '\\']) < 0, $"{prefix}.file_name", $"must be a file name, not a path, got '{FileName}'");
        OptionsCheck.Range($"{prefix}.threads", Threads, 0, 256);
        OptionsCheck.That(MemoryLimit is null || System.Text.RegularExpressions.Regex.IsMatch(MemoryLimit, "^[0-9]+(\\.[0-9]+)?\\s*[KMGT]i?B$", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
            $"{prefix}.memory_limit", $"must look like 512MB or 2GB, got '{MemoryLimit}'");
    }
}
