namespace Observability.Detection.Rules;

public enum RuleType
{
    /// <summary>An aggregate of a numeric field over a window compared with a value.</summary>
    Threshold,

    /// <summary>A detector's anomaly score at or above <c>min_score</c>.</summary>
    Anomaly,

    /// <summary>The count of log documents matching a KQL query over a window compared with a value.</summary>
    LogQuery,

    /// <summary>No documents (matching the filter) from an entity for <c>window</c>.</summary>
    Absence,

    /// <summary>A training job in one of <c>states</c> (failed, stalled).</summary>
    JobState,
}
