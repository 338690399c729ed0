namespace Observability.Agent.Files;

/// <summary>
/// The file input's own counters, safe to read from any thread while the agent runs
/// (the status line, the agent's metrics documents, tests).
/// </summary>
public sealed class AgentStats
{
    private long _filesWatched;
    private long _filesOpen;
    private long _linesRead;
    private long _bytesRead;
    private long _eventsSent;
    private long _eventsSpooled;
    private long _eventsDropped;
    private long _eventsDeadLettered;
    private long _eventsTruncated;
    private long _eventsInvalidUtf8;
    private long _linesSkipped;
    private long _bytesBehind;
    private long _sendFailures;
    private long _readErrors;
    private long _rotations;
    private long _truncations;
    private long _batchesInFlight;
    private long _filesResumed;
    private long _filesLostUnfinished;

    /// <summary>Files currently tracked (open or waiting for growth).</summary>
    public long FilesWatched => Volatile.Read(ref _filesWatched);

    /// <summary>File handles currently open.</summary>
    public long FilesOpen => Volatile.Read(ref _filesOpen);

    public long LinesRead => Volatile.Read(ref _linesRead);

    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>Events acknowledged by the producer (delivered, or durably spooled when the spool wraps it).</summary>
    public long EventsSent => Volatile.Read(ref _eventsSent);

    /// <summary>Events written to the disk spool because the transport was unavailable.</summary>
    public long EventsSpooled => Volatile.Read(ref _eventsSpooled);

    /// <summary>Events the transport refused for good and no dead-letter topic took (each logged with its file and offset).</summary>
    public long EventsDropped => Volatile.Read(ref _eventsDropped);

    /// <summary>Events the transport refused for good (e.g. too large), sent to the dead-letter topic instead.</summary>
    public long EventsDeadLettered => Volatile.Read(ref _eventsDeadLettered);

    public long EventsTruncated => Volatile.Read(ref _eventsTruncated);

    public long EventsInvalidUtf8 => Volatile.Read(ref _eventsInvalidUtf8);

    /// <summary>Lines that made no event (empty, only NUL bytes, the rest of an over-long line).</summary>
    public long LinesSkipped => Volatile.Read(ref _linesSkipped);

    /// <summary>Bytes written to watched files but not yet acknowledged, summed over files.</summary>
    public long BytesBehind => Volatile.Read(ref _bytesBehind);

    public long SendFailures => Volatile.Read(ref _sendFailures);

    public long ReadErrors => Volatile.Read(ref _readErrors);

    public long Rotations => Volatile.Read(ref _rotations);

    public long Truncations => Volatile.Read(ref _truncations);

    public long BatchesInFlight => Volatile.Read(ref _batchesInFlight);

    /// <summary>Files no include glob leads to any more (renamed or compressed while the agent was down) finished after a restart.</summary>
    public long FilesResumed => Volatile.Read(ref _filesResumed);

    /// <summary>Known files removed before they were read to their end (found gone at a restart): their rest was never shipped.</summary>
    public long FilesLostUnfinished => Volatile.Read(ref _filesLostUnfinished);

    internal void SetFilesWatched(long n) => Volatile.Write(ref _filesWatched, n);

    internal void SetFilesOpen(long n) => Volatile.Write(ref _filesOpen, n);

    internal void SetBytesBehind(long n) => Volatile.Write(ref _bytesBehind, n);

    internal void SetBatchesInFlight(long n) => Volatile.Write(ref _batchesInFlight, n);

    internal void AddLinesRead(long n) => Interlocked.Add(ref _linesRead, n);

    internal void AddBytesRead(long n) => Interlocked.Add(ref _bytesRead, n);

    internal void AddEventsSent(long n) => Interlocked.Add(ref _eventsSent, n);

    public void AddEventsSpooled(long n) => Interlocked.Add(ref _eventsSpooled, n);

    internal void AddEventsDropped(long n) => Interlocked.Add(ref _eventsDropped, n);

    internal void AddEventsDeadLettered(long n) => Interlocked.Add(ref _eventsDeadLettered, n);

    internal void AddTruncated() => Interlocked.Increment(ref _eventsTruncated);

    internal void AddInvalidUtf8() => Interlocked.Increment(ref _eventsInvalidUtf8);

    internal void AddLinesSkipped(long n) => Interlocked.Add(ref _linesSkipped, n);

    internal void AddSendFailure() => Interlocked.Increment(ref _sendFailures);

    internal void AddReadError() => Interlocked.Increment(ref _readErrors);

    internal void AddRotation() => Interlocked.Increment(ref _rotations);

    internal void AddTruncation() => Interlocked.Increment(ref _truncations);

    internal void AddFileResumed() => Interlocked.Increment(ref _filesResumed);

    internal void AddFileLostUnfinished() => Interlocked.Increment(ref _filesLostUnfinished);

    public override string ToString() =>
        $"files={FilesWatched} open={FilesOpen} lines={LinesRead} sent={EventsSent} spooled={EventsSpooled} dropped={EventsDropped} dead_lettered={EventsDeadLettered} behind_bytes={BytesBehind}";
}
