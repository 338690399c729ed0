using Microsoft.Extensions.Hosting;

namespace Observability.Agent.Hosting;

/// <summary>
/// Runs one loop of the agent (the file agent, or the metrics agent that samples node and GPU metrics) for the host's
/// lifetime. On stop the file agent waits for its batches in flight to be acknowledged. The agent itself is a singleton of
/// the host's container, which disposes it after every hosted service has stopped.
/// </summary>
public sealed class AgentHostedService(Func<CancellationToken, Task> run) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => run(stoppingToken);
}
