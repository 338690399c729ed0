namespace Observability.Cli.Tests.Up;

/// <summary>
/// The end-to-end runs of <c>obs up</c> (each ships 40k–100k lines through the agent, a transport and the store) run
/// one at a time, after the other tests: on 2 cores, two of them side by side starve each other's threads, and the
/// mock Kafka cluster's consumer-group heartbeats with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UpEndToEndCollection
{
    public const string Name = "obs up end to end";
}
