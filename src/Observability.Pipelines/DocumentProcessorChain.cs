using Observability.Core.Documents;
using Observability.Core.Storage;

namespace Observability.Pipelines;

/// <summary>Several <see cref="IDocumentProcessor"/>s run in order as one; the first Drop ends the chain.</summary>
public sealed class DocumentProcessorChain(params IDocumentProcessor[] stages) : IDocumentProcessor
{
    public IReadOnlyList<IDocumentProcessor> Stages => stages;

    public ProcessOutcome Process(EcsDocument document)
    {
        foreach (var stage in stages)
        {
            if (stage.Process(document) == ProcessOutcome.Drop)
            {
                return ProcessOutcome.Drop;
            }
        }

        return ProcessOutcome.Keep;
    }
}
