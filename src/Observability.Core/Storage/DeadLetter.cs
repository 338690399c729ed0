namespace Observability.Core.Storage;

/// <summary>
/// A message the indexer could not store for good (bad JSON, a document the store refused), kept with the reason,
/// where it came from, and its raw bytes so it can be fixed and replayed. <see cref="Id"/> is deterministic so a
/// redelivered bad message is dead-lettered once.
/// </summary>
public sealed record DeadLetter(string Id, DateTimeOffset Time, string Topic, string? Position, string Reason, ReadOnlyMemory<byte> Payload);
