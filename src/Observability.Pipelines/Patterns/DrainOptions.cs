using Observability.Core.Options;

namespace Observability.Pipelines.Patterns;

/// <summary>Parameters of the Drain parse tree (He et al., ICWS 2017); defaults as the paper's.</summary>
public sealed record DrainOptions
{
    /// <summary>Tree depth including root and length layer: depth 4 routes on the first two tokens.</summary>
    public int Depth { get; init; } = 4;

    /// <summary>Minimum share of equal tokens for a line to join a template.</summary>
    public double Similarity { get; init; } = 0.5;

    /// <summary>Children per internal node before new tokens share the wildcard child.</summary>
    public int MaxChildren { get; init; } = 100;

    /// <summary>Templates kept; past it, unmatched lines are identified by their masked text only.</summary>
    public int MaxClusters { get; init; } = 10_000;

    /// <summary>
    /// Keys are the <c>obs pipeline patterns</c> flags (<c>--depth</c>, <c>--similarity</c>); from obs.yml the indexer's
    /// <c>pipelines.pattern_similarity</c> and <c>pipelines.max_patterns</c> are checked first by <see cref="PipelineRunnerOptions"/>.
    /// </summary>
    public void Validate()
    {
        OptionsCheck.That(Depth >= 3, "--depth", $"must be at least 3, got {Depth}");
        OptionsCheck.That(Similarity is > 0 and <= 1, "--similarity", $"must be in (0, 1], got {Similarity}");
        OptionsCheck.That(MaxChildren >= 2, "drain.max_children", $"must be at least 2, got {MaxChildren}");
        OptionsCheck.That(MaxClusters >= 1, "drain.max_clusters", $"must be at least 1, got {MaxClusters}");
    }
}
