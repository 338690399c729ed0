using Observability.Core.Options;

namespace Observability.Pipelines;

/// <summary>Settings of the pipeline stage of the indexer (section <c>Pipelines</c>).</summary>
public sealed class PipelineRunnerOptions
{
    public const string Section = "Pipelines";

    /// <summary>Directory of <c>*.yml</c> pipeline files, run in file-name order.</summary>
    public string Directory { get; set; } = "pipelines";

    /// <summary>Copy <c>message</c> to <c>event.original</c> before parsing, when the agent did not already.</summary>
    public bool PreserveOriginal { get; set; } = true;

    /// <summary>Redact secrets from every field of every event after the pipelines ran (recommended; on by default).</summary>
    public bool RedactAll { get; set; } = true;

    /// <summary>Mine log templates and set <c>log.pattern.id</c> on every event with a message.</summary>
    public bool MinePatterns { get; set; } = true;

    /// <summary>Drain similarity threshold (0–1) for joining a template.</summary>
    public double PatternSimilarity { get; set; } = 0.5;

    /// <summary>Upper bound on the templates kept in memory; beyond it new lines get a template id but no new cluster.</summary>
    public int MaxPatterns { get; set; } = 10_000;

    public void Validate()
    {
        OptionsCheck.That(!string.IsNullOrWhiteSpace(Directory), "pipelines.directory", "must name the pipeline directory");
        OptionsCheck.That(PatternSimilarity is > 0 and <= 1, "pipelines.pattern_similarity", $"must be in (0, 1], got {PatternSimilarity}");
        OptionsCheck.That(MaxPatterns >= 1, "pipelines.max_patterns", $"must be at least 1, got {MaxPatterns}");
    }
}
