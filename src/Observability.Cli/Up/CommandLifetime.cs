using Microsoft.Extensions.Hosting;

namespace Observability.Cli.Up;

/// <summary>
/// obs up's host lifetime: it leaves Ctrl+C and SIGTERM to the obs command (<see cref="ShutdownSignals"/>), whose token
/// stops the host. The default console lifetime would take every signal itself, so a second Ctrl+C could not quit.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
