namespace Observability.Agent.Files;

/// <summary>What became of the events of a batch the transport refused for good, once settled one by one.</summary>
internal readonly record struct SettledBatch(int Delivered, int DeadLettered, int Dropped);
