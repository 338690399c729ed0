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

            using (term)
            {
                await RunTermAsync(term, stoppingToken);
            }
        }
    }

    private async Task RunTermAsync(LeaderTerm term, CancellationToken stoppingToken)
    {
        logger.LogInformation("Leader of {Lease} (term {Term}): starting the singleton", lease.Name, term.Number);
        var singleton = create();
        Current = singleton;
        Interlocked.Increment(ref _terms);
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(term.Lost, stoppingToken);
            await singleton.StartAsync(either.Token);
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
