using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Detection.Engine;

namespace Observability.Detection.Hosting;

/// <summary>
/// Embedded mode: the indexer runs this on every document before storing it, so the detector sees the stream
/// without competing with the indexer for the in-process topic. It never changes or drops the document.
/// </summary>
public sealed class DetectionDocumentProcessor : IDocumentProcessor
{
    private readonly DetectionEngine _engine;
    private readonly TimeProvider _time;

    public DetectionDocumentProcessor(DetectionEngine engine, TimeProvider time)
    {
        _engine = engine;
        _time = time;
    }

    public ProcessOutcome Process(EcsDocument document)
    {
        _engine.Observe(document, _time.GetUtcNow());
        return ProcessOutcome.Keep;
    }
}
