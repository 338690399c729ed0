namespace Observability.Storage.Abstractions;

/// <summary>Hits whose <c>@timestamp</c> is in [<see cref="Start"/>, <see cref="Start"/> + interval).</summary>
public sealed record HistogramBucket(DateTimeOffset Start, long Count);
