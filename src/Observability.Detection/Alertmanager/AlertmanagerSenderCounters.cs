namespace Observability.Detection.Alertmanager;

/// <summary>What the <see cref="AlertmanagerSender"/> did: alerts queued, dropped (queue full), and batches posted or failed per target summed.</summary>
public sealed class AlertmanagerSenderCounters
{
    private long _queued;
    private long _dropped;
    private long _sent;
    private long _failed;

    public long Queued => Interlocked.Read(ref _queued);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Alerts delivered (counted once per Alertmanager that accepted them).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Alerts an Alertmanager did not accept (once per Alertmanager).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void AddQueued() => Interlocked.Increment(ref _queued);

    internal void AddDropped() => Interlocked.Increment(ref _dropped);

    internal void AddSent(int n) => Interlocked.Add(ref _sent, n);

    internal void AddFailed(int n) => Interlocked.Add(ref _failed, n);
}
