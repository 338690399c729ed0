namespace Observability.Core.Leadership;

/// <summary>The single-process lease: always held (embedded <c>obs up</c>, where nothing else could run the singleton).</summary>
public sealed class LocalLeaderLease(string name) : ILeaderLease
{
    private readonly LeaderTerm _term = new(1);

    public string Name => name;

    public bool IsLeader => true;

    public async Task<LeaderTerm> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_term.Lost.IsCancellationRequested)
        {
            // Closed: never held again.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return _term;
    }

    public ValueTask DisposeAsync()
    {
        _term.End();
        return ValueTask.CompletedTask;
    }
}
