using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Observability.Transport.Kafka;

/// <summary>
/// One librdkafka producer handle as <see cref="ProducerGenerations{THandle}"/> manages it (<see cref="ProducerHandle"/>
/// on Confluent.Kafka, <see cref="NativeProducerHandle"/> on librdkafka directly): producing loops enter and leave it,
/// the first fatal error closes it, and <see cref="ShutdownAsync"/> retires it without leaving a batch hanging.
/// </summary>
internal abstract class ProducerGeneration(int generation)
{
    private static readonly TimeSpan LeaveWait = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<long, DeliveryCountdown> _waiting = new();
    private Error? _closedBy;
    private int _producing;
    private long _nextBatchId;

    /// <summary>1 for the first handle, one more for each replacement.</summary>
    public int Generation { get; } = generation;

    /// <summary>Why the handle takes no more messages (its fatal error, or the producer's closing); null while usable.</summary>
    public Error? ClosedBy => Volatile.Read(ref _closedBy);

    /// <summary>Batches with messages on this handle whose reports are not all in yet.</summary>
    public int WaitingBatches => _waiting.Count;

    /// <summary>A batch about to be produced on this handle; the returned id names it (librdkafka's per-message opaque).</summary>
    public long Register(DeliveryCountdown countdown)
    {
        var id = Interlocked.Increment(ref _nextBatchId);
        _waiting[id] = countdown;
        return id;
    }

    /// <summary>The batch's caller stopped waiting (all reports in, or cancelled).</summary>
    public void Unregister(long batchId) => _waiting.TryRemove(batchId, out _);

    /// <summary>The batch still waiting under <paramref name="batchId"/>, if any.</summary>
    public bool TryGetWaiting(long batchId, out DeliveryCountdown countdown) => _waiting.TryGetValue(batchId, out countdown!);

    /// <summary>Stops new messages; true only for the first caller, which owns the replacement and the shutdown.</summary>
    public bool TryClose(Error reason) => Interlocked.CompareExchange(ref _closedBy, reason, null) is null;

    /// <summary>A producing loop starts using the handle; false when it is closed (take the next generation).</summary>
    public bool TryEnter()
    {
        // Increment before reading ClosedBy (both full fences); ShutdownAsync runs after TryClose and reads the count,
        // so either this loop sees the handle closed or the shutdown sees this loop and waits for it to leave.
        Interlocked.Increment(ref _producing);
        if (ClosedBy is null)
        {
            return true;
        }

        Exit();
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _producing);

    /// <summary>
    /// After <see cref="TryClose"/>: waits for the producing loops to leave (each stops at its next message), gives
    /// librdkafka up to <paramref name="drain"/> to report what it already had, destroys the handle, then abandons
    /// the batches still waiting with <paramref name="abandonWith"/>. Returns how many messages were left undelivered.
    /// </summary>
    public abstract Task<int> ShutdownAsync(TimeSpan drain, Error abandonWith);

    /// <summary>The last step of <see cref="ShutdownAsync"/>, once the handle is destroyed: no report can arrive any more, so whoever still waits is told now.</summary>
    protected void AbandonWaiting(Error abandonWith)
    {
        foreach (var countdown in _waiting.Values)
        {
            countdown.Abandon(abandonWith);
        }
    }

    /// <summary>The first step of <see cref="ShutdownAsync"/>: every producing loop has left the handle.</summary>
    protected async Task WaitForProducingLoopsAsync()
    {
        while (Volatile.Read(ref _producing) > 0)
        {
            await Task.Delay(LeaveWait);
        }
    }
}
