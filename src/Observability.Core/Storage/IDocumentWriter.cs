using Observability.Core.Documents;

namespace Observability.Core.Storage;

/// <summary>
/// Writes documents into a store (DuckDB or Elasticsearch). Documents whose id is already stored count as
/// duplicates, which is success: delivery is at-least-once and the deterministic id removes repeats.
/// A returned result means every document is either stored, a duplicate, or in <see cref="WriteResult.Rejected"/>;
/// transient failures of the whole batch throw instead so the caller retries and acknowledges nothing.
/// </summary>
public interface IDocumentWriter : IAsyncDisposable
{
    Task<WriteResult> WriteAsync(IReadOnlyList<EcsDocument> documents, CancellationToken cancellationToken);
}
