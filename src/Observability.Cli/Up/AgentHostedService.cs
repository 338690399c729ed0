using Microsoft.Extensions.Hosting;

namespace Observability.Cli.Up;

/// <summary>
/// Runs one loop of the agent (the file agent, or the metrics agent that samples node and GPU metrics as <c>obs agent</c>
/// does) for the host's lifetime, and disposes it after. On stop the file agent waits for its batches in flight to be acknowledged.
/// </summary>
public sealed class AgentHostedService(Func<CancellationToken, Task> run, IAsyncDisposable agent) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => run(stoppingToken);

    public override void Dispose()
    {
        agent.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }
}
