using Observability.Core.Storage;

namespace Observability.Indexer;

/// <summary>Writes dead letters to several sinks in turn (e.g. the store's table and the <c>obs.deadletter</c> topic); all must succeed.</summary>
public sealed class CompositeDeadLetterSink : IDeadLetterSink
{
    private readonly IReadOnlyList<IDeadLetterSink> _sinks;

    public CompositeDeadLetterSink(params IReadOnlyList<IDeadLetterSink> sinks) => _sinks = sinks;

    public async Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            await sink.WriteAsync(deadLetters, cancellationToken);
        }
    }
}
