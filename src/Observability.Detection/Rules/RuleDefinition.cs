namespace Observability.Detection.Rules;

/// <summary>One alert rule as written in YAML (snake_case keys). See <c>examples/alerts/*.yml</c>.</summary>
public sealed class RuleDefinition
{
    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = "threshold";

    /// <summary>KQL that a document must match to count for this rule (threshold, absence, job_state).</summary>
    public string? Filter { get; set; }

    /// <summary>KQL of a log_query rule.</summary>
    public string? Query { get; set; }

    public string? Field { get; set; }

    /// <summary>avg, min, max, sum, count, last, p95.</summary>
    public string Aggregate { get; set; } = "avg";

    public string Window { get; set; } = "5m";

    /// <summary>&gt;, &gt;=, &lt;, &lt;=, ==, !=.</summary>
    public string Op { get; set; } = ">";

    public double Value { get; set; }

    public string For { get; set; } = "0s";

    /// <summary>Entity fields; each becomes a label (host.name → host, gpu.index → gpu, training.job.id → job).</summary>
    public List<string> By { get; set; } = [];

    public double MinScore { get; set; } = 80;

    /// <summary>Anomaly rules: only anomalies of this detector (series, pca, training) or kind; empty = any.</summary>
    public string? Detector { get; set; }

    public string? Kind { get; set; }

    public List<string> States { get; set; } = ["failed", "stalled"];

    public Dictionary<string, string> Labels { get; set; } = [];

    public Dictionary<string, string> Annotations { get; set; } = [];
}
