using Microsoft.Extensions.Hosting;
using Observability.Agent.Files;

namespace Observability.Cli.Up;

/// <summary>Runs the file agent for the host's lifetime. On stop the agent waits for its batches in flight to be acknowledged.</summary>
public sealed class AgentHostedService : BackgroundService
{
    public AgentHostedService(FileAgent agent) => Agent = agent;

    public FileAgent Agent { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Agent.RunAsync(stoppingToken);

    public override void Dispose()
    {
        Agent.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }
}
