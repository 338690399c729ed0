using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Observability.Core.Leadership;

/// <summary>
/// Runs a singleton only while this process holds its <see cref="ILeaderLease"/>. Each term builds the singleton
/// afresh with <paramref name="create"/> (so it re-reads its state, e.g. replays its event log, before acting), starts
/// it, and stops and disposes it when the term is lost or the host stops; the term is released only after that, so
/// the next holder starts from everything this one wrote.
/// </summary>
public sealed class LeaderGatedService(ILeaderLease lease, Func<IHostedService> create, ILogger logger) : BackgroundService
{
    private long _terms;

    /// <summary>Terms in which the singleton was started here.</summary>
    public long Terms => Interlocked.Read(ref _terms);

    /// <summary>The singleton of the current term (null while not leader).</summary>
    public IHostedService? Current { get; private set; }

    /// <summary>How long to wait before starting the singleton again after it failed to start.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The lease this service acts under.</summary>
    public ILeaderLease Lease => lease;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            LeaderTerm term;
            try
            {
                term = await lease.AcquireAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (!term.TryClaim())
            {
                continue; // ended before this service took it: wait for the next term
            }

            bool started;
            using (term)
            {
                started = await RunTermAsync(term, stoppingToken);
            }

            if (!started)
            {
                // The singleton failed to start (logged): try again later, under this term if it still holds.
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Runs the singleton for one term; false when it failed to start (an error, not the term ending).</summary>
    private async Task<bool> RunTermAsync(LeaderTerm term, CancellationToken stoppingToken)
    {
        logger.LogInformation("Leader of {Lease} (term {Term}): starting the singleton", lease.Name, term.Number);
        var singleton = create();
        Current = singleton;
        Interlocked.Increment(ref _terms);
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(term.Lost, stoppingToken);
            try
            {
                await singleton.StartAsync(either.Token);
            }
            catch (OperationCanceledException) when (either.IsCancellationRequested)
            {
                // The term ended (a rebalance handed the lease on) or the host is stopping while the singleton was still
                // starting, e.g. replaying its state: not an error; it is stopped below and the lease moves on.
                return true;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Leader of {Lease} (term {Term}): the singleton failed to start; trying again in {Delay}", lease.Name, term.Number, RetryDelay);
                return false;
            }

            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return true;
        }
        finally
        {
            // Stopped before the term is released: the next leader acts only on what this one finished writing.
            await singleton.StopAsync(CancellationToken.None);
            Current = null;
            switch (singleton)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            logger.LogInformation("Leadership of {Lease} (term {Term}) ended: the singleton stopped", lease.Name, term.Number);
        }
    }
}
