namespace Observability.Reports.Model;

/// <summary>What reached the store, what the agents dropped, and what was dead-lettered.</summary>
public sealed record PipelineSection(
    bool HasData,
    Figure Documents,
    IReadOnlyList<PipelineSection.DatasetVolume> ByDataset,
    IReadOnlyList<TimePoint> IngestTrend,
    Figure AgentDroppedEvents,
    Figure DeadLetters,
    IReadOnlyList<PipelineSection.ReasonCount> DeadLettersByReason)
{
    public sealed record DatasetVolume(string Table, string Dataset, long Documents, long PreviousDocuments);

    public sealed record ReasonCount(string Reason, long Count);
}
