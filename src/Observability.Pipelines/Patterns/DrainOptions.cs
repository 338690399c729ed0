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

    public void Validate()
    {
        if (Depth < 3)
        {
            throw new ArgumentException($"Drain {nameof(Depth)} must be at least 3, not {Depth}");
        }

        if (Similarity is <= 0 or > 1)
        {
            throw new ArgumentException($"Drain {nameof(Similarity)} must be in (0, 1], not {Similarity}");
        }

        if (MaxChildren < 2 || MaxClusters < 1)
        {
            throw new ArgumentException($"Drain {nameof(MaxChildren)} must be at least 2 and {nameof(MaxClusters)} at least 1");
        }
    }
}
