namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>What the bulk writer did since start: every document ends in exactly one of written, duplicate or rejected.</summary>
public sealed class BulkWriterCounters
{
    private long _requests;
    private long _retries;
    private long _written;
    private long _duplicates;
    private long _rejected;
    private long _failedBatches;

    public long Requests => Interlocked.Read(ref _requests);

    public long Retries => Interlocked.Read(ref _retries);

    public long Written => Interlocked.Read(ref _written);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Batches given back to the caller unacknowledged after the retries ran out.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Retry() => Interlocked.Increment(ref _retries);

    internal void FailedBatch() => Interlocked.Increment(ref _failedBatches);

    internal void Completed(int written, int duplicates, int rejected)
    {
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejected, rejected);
    }

    public override string ToString() =>
        $"requests={Requests} retries={Retries} written={Written} duplicates={Duplicates} rejected={Rejected} failed_batches={FailedBatches}";
}
