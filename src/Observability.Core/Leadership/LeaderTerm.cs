namespace Observability.Core.Leadership;

/// <summary>
/// One period of holding an <see cref="ILeaderLease"/>. <see cref="Lost"/> is cancelled when the lease goes (revoked,
/// or the lease is closing); the holder then stops acting and disposes the term, which lets the lease be handed on.
/// </summary>
public sealed class LeaderTerm : IDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _claim; // 0 offered, 1 claimed by a holder, 2 ended before anyone claimed it

    public LeaderTerm(long number) => Number = number;

    /// <summary>Counts the terms this process held (1, 2, …), for logs.</summary>
    public long Number { get; }

    public CancellationToken Lost => _lost.Token;

    /// <summary>Completes when the holder disposed the term.</summary>
    public Task Released => _released.Task;

    /// <summary>Taken by the holder that will act in this term; false when the term ended before anyone took it.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _claim, 1, 0) != 2;

    /// <summary>
    /// Called by the lease when leadership goes; the holder's work is asked to stop. A term nobody claimed yet (the
    /// host has not started its singleton) is released at once: there is nothing to wait for.
    /// </summary>
    public void End()
    {
        if (Interlocked.CompareExchange(ref _claim, 2, 0) == 0)
        {
            _released.TrySetResult();
        }

        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _released.TrySetResult();
    }
}
