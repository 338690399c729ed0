namespace Observability.Storage.Abstractions;

public sealed record TermBucket(string Value, long Count);
