using Observability.Core.Documents;

namespace Observability.Core.Storage;

/// <summary>
/// A stage the indexer runs on every document before it is stored (the pipelines of <c>pipelines/*.yml</c>).
/// It may change the document in place, drop it, or route it; it never throws for bad data: failures are
/// recorded on the document (<c>error.message</c>, a tag) and the document is kept.
/// </summary>
public interface IDocumentProcessor
{
    ProcessOutcome Process(EcsDocument document);
}

public enum ProcessOutcome
{
    Keep,
    Drop,
}
