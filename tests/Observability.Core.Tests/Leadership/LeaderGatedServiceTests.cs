using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Leadership;
using Observability.Testing;

namespace Observability.Core.Tests.Leadership;

/// <summary>
/// A singleton under a lease whose terms the test hands out and ends: a term lost while the singleton is still starting
/// (replaying its state) and a singleton that fails to start must not stop the host's service.
/// </summary>
public sealed class LeaderGatedServiceTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_term_lost_while_the_singleton_starts_ends_quietly_and_the_next_term_starts_it_again()
    {
        var lease = new HandedLease();
        var starts = 0;
        var stops = 0;
        using var service = new LeaderGatedService(lease, () => new Singleton(
            async ct =>
            {
                // The first start replays slowly and is still at it when the term goes.
                if (Interlocked.Increment(ref starts) == 1)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
            () => Interlocked.Increment(ref stops)), NullLogger.Instance);
        await service.StartAsync(CancellationToken.None);

        var first = lease.Hand(1);
        await Poll.UntilAsync(() => Volatile.Read(ref starts) == 1, Generous, "the first start");
        first.End();
        await first.Released.WaitAsync(Generous);
        Assert.Equal(1, Volatile.Read(ref stops));
        Assert.False(service.ExecuteTask!.IsCompleted, "the gated service must go on after a term lost during start");

        lease.Hand(2);
        await Poll.UntilAsync(() => service.Current is not null && Volatile.Read(ref starts) == 2, Generous, "the second term's start");
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(2, Volatile.Read(ref stops));
    }

    [Fact]
    public async Task A_singleton_that_fails_to_start_is_started_again_under_the_same_term()
    {
        var lease = new HandedLease();
        var starts = 0;
        using var service = new LeaderGatedService(lease, () => new Singleton(
            _ => Interlocked.Increment(ref starts) == 1 ? Task.FromException(new InvalidOperationException("the state topic is unreachable")) : Task.CompletedTask,
            () => { }), NullLogger.Instance) { RetryDelay = TimeSpan.FromMilliseconds(50) };
        await service.StartAsync(CancellationToken.None);

        lease.Hand(1);
        await Poll.UntilAsync(() => Volatile.Read(ref starts) == 2 && service.Current is not null, Generous, "a second start");

        Assert.False(service.ExecuteTask!.IsCompleted);
        Assert.Equal(2, service.Terms);
        await service.StopAsync(CancellationToken.None);
    }

    /// <summary>A lease whose terms the test hands out; a term not yet lost is handed again to the next acquire.</summary>
    private sealed class HandedLease : ILeaderLease
    {
        private readonly Channel<LeaderTerm> _terms = Channel.CreateUnbounded<LeaderTerm>();
        private LeaderTerm? _current;

        public string Name => "test";

        public bool IsLeader => _current is { Lost.IsCancellationRequested: false };

        public LeaderTerm Hand(long number)
        {
            var term = new LeaderTerm(number);
            _terms.Writer.TryWrite(term);
            return term;
        }

        public async Task<LeaderTerm> AcquireAsync(CancellationToken cancellationToken)
        {
            if (_current is { Lost.IsCancellationRequested: false } current)
            {
                return current;
            }

            _current = await _terms.Reader.ReadAsync(cancellationToken);
            return _current;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Singleton(Func<CancellationToken, Task> start, Action stopped) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => start(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken)
        {
            stopped();
            return Task.CompletedTask;
        }
    }
}
