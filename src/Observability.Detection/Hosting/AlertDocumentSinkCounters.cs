namespace Observability.Detection.Hosting;

/// <summary>What an <see cref="AlertDocumentSink"/> did: documents written, refused for good, given up on, dropped on a full queue.</summary>
public sealed class AlertDocumentSinkCounters
{
    private long _written;
    private long _rejected;
    private long _failed;
    private long _dropped;
    private long _retries;

    public long Written => Interlocked.Read(ref _written);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Retries => Interlocked.Read(ref _retries);

    internal void Add(int written, int rejected)
    {
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _rejected, rejected);
    }

    internal void Fail(int count) => Interlocked.Add(ref _failed, count);

    internal void Drop() => Interlocked.Increment(ref _dropped);

    internal void Retry() => Interlocked.Increment(ref _retries);
}
