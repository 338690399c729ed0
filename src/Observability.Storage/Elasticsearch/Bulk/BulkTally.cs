using System.Collections.Concurrent;
using Observability.Core.Storage;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>Outcomes of one <c>WriteAsync</c> call, shared by its concurrent requests.</summary>
internal sealed class BulkTally
{
    private int _written;
    private int _duplicates;

    public int Written => _written;

    public int Duplicates => _duplicates;

    public ConcurrentQueue<RejectedDocument> Rejected { get; } = new();

    public void AddWritten() => Interlocked.Increment(ref _written);

    public void AddDuplicate() => Interlocked.Increment(ref _duplicates);
}
