using Observability.Core.Documents;
using Observability.Core.Storage;

namespace Observability.Indexer.Tests;

/// <summary>Wraps the real DuckDB writer and throws (a transient store error) while <see cref="Failing"/> is set.</summary>
internal sealed class FlakyWriter : IDocumentWriter
{
    private readonly IDocumentWriter _inner;
    private int _attempts;

    public FlakyWriter(IDocumentWriter inner) => _inner = inner;

    public volatile bool Failing;

    public int Attempts => Volatile.Read(ref _attempts);

    public Task<WriteResult> WriteAsync(IReadOnlyList<EcsDocument> documents, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        return Failing ? throw new IOException("disk unavailable") : _inner.WriteAsync(documents, cancellationToken);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
