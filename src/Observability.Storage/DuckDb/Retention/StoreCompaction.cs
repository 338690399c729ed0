namespace Observability.Storage.DuckDb.Retention;

/// <summary>What the start-up rewrite of the store did: its file size before and after, and whether the copy was swapped in.</summary>
public sealed record StoreCompaction(long BeforeBytes, long AfterBytes, bool SwappedIn, TimeSpan Took);
