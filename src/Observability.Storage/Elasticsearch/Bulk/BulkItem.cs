using Observability.Core.Documents;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>One document ready to send: its two NDJSON lines (action and source, each ending in '\n').</summary>
internal sealed class BulkItem(EcsDocument document, BulkTarget target, byte[] lines)
{
    public EcsDocument Document { get; } = document;

    public BulkTarget Target { get; } = target;

    public byte[] Lines { get; } = lines;

    /// <summary>The last transient error seen for this document, for the message when retries run out.</summary>
    public string? LastError { get; set; }
}
