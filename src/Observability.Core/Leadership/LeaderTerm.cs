namespace Observability.Core.Leadership;

/// <summary>
/// One period of holding an <see cref="ILeaderLease"/>. <see cref="Lost"/> is cancelled when the lease goes (revoked,
/// or the lease is closing); the holder then stops acting and disposes the term, which lets the lease be handed on.
/// </summary>
public sealed class LeaderTerm : IDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LeaderTerm(long number) => Number = number;

    /// <summary>Counts the terms this process held (1, 2, …), for logs.</summary>
    public long Number { get; }

    public CancellationToken Lost => _lost.Token;

    /// <summary>Completes when the holder disposed the term.</summary>
    public Task Released => _released.Task;

    /// <summary>Called by the lease when leadership goes; the holder's work is asked to stop.</summary>
    public void End()
    {
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
