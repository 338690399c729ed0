namespace Observability.Detection.Alerting;

/// <summary>What the dispatcher did, for logs, metrics and tests.</summary>
public sealed class DispatcherCounters
{
    private long _sent;
    private long _failed;
    private long _retried;
    private long _silenced;
    private long _inhibited;

    public long Sent => Interlocked.Read(ref _sent);

    public long Failed => Interlocked.Read(ref _failed);

    public long Retried => Interlocked.Read(ref _retried);

    public long Silenced => Interlocked.Read(ref _silenced);

    public long Inhibited => Interlocked.Read(ref _inhibited);

    internal void AddSent() => Interlocked.Increment(ref _sent);

    internal void AddFailed() => Interlocked.Increment(ref _failed);

    internal void AddRetried() => Interlocked.Increment(ref _retried);

    internal void AddSilenced() => Interlocked.Increment(ref _silenced);

    internal void AddInhibited() => Interlocked.Increment(ref _inhibited);
}
