using Observability.Core.Documents;

namespace Observability.Core.Storage;

/// <summary>Outcome of a batch write. Rejected documents are permanent failures to dead-letter with their reason.</summary>
public sealed record WriteResult(int Written, int Duplicates, IReadOnlyList<RejectedDocument> Rejected)
{
    public static WriteResult Empty { get; } = new(0, 0, []);
}

/// <summary>A document the store refused for good (mapping or parse error), with the store's reason.</summary>
public sealed record RejectedDocument(EcsDocument Document, string Reason);
