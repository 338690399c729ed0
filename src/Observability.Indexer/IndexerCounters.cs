namespace Observability.Indexer;

/// <summary>What the indexer did since start (STYLE.md #8): read by the status line, logs and tests.</summary>
public sealed class IndexerCounters
{
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _deadLettered;
    private long _dropped;
    private long _failed;
    private long _batches;
    private long _timestampsFromLine;

    /// <summary>Messages taken from the transport.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Documents newly written to the store.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Documents whose id was already stored (redeliveries): success, not stored twice.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages sent to the dead-letter sink with a reason (bad JSON, refused by the store).</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Documents a pipeline processor dropped on purpose.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Failed attempts to store a batch (each retried; nothing acknowledged meanwhile).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Batches stored and acknowledged.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Documents whose <c>@timestamp</c> was taken from the start of the line (see <see cref="LineEventTime"/>).</summary>
    public long TimestampsFromLine => Interlocked.Read(ref _timestampsFromLine);

    internal void AddTimestampFromLine() => Interlocked.Increment(ref _timestampsFromLine);

    internal void AddReceived(long n) => Interlocked.Add(ref _received, n);

    internal void AddStored(long n) => Interlocked.Add(ref _stored, n);

    internal void AddDuplicates(long n) => Interlocked.Add(ref _duplicates, n);

    internal void AddDeadLettered(long n) => Interlocked.Add(ref _deadLettered, n);

    internal void AddDropped(long n) => Interlocked.Add(ref _dropped, n);

    internal void AddFailed() => Interlocked.Increment(ref _failed);

    internal void AddBatch() => Interlocked.Increment(ref _batches);

    public override string ToString() =>
        $"received={Received} stored={Stored} duplicates={Duplicates} dead_lettered={DeadLettered} dropped={Dropped} failed={Failed} timestamps_from_line={TimestampsFromLine}";
}
