namespace Observability.Core.Storage;

/// <summary>
/// Where permanent failures go: the <c>obs.deadletter</c> topic (Kafka) or the store's <c>deadletter</c> table
/// (embedded). Completes only when the dead letters are durable, because the indexer acknowledges the batch after it;
/// throws when they are not, so the batch is retried.
/// </summary>
public interface IDeadLetterSink
{
    Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken);
}
