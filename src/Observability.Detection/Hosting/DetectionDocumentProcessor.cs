using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Core.Telemetry;
using Observability.Detection.Engine;

namespace Observability.Detection.Hosting;

/// <summary>
/// Embedded mode: the indexer runs this on every document before storing it, so the detector sees the stream
/// without competing with the indexer for the in-process topic. It never changes or drops the document, and a
/// failure inside the detector is counted and logged, never passed on: the indexer would dead-letter the document
/// instead of storing it, and detection must not cost the store a document.
/// </summary>
public sealed class DetectionDocumentProcessor : IDocumentProcessor
{
    private readonly DetectionEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DetectionDocumentProcessor(DetectionEngine engine, TimeProvider time, ILogger<DetectionDocumentProcessor>? logger = null)
    {
        _engine = engine;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public ProcessOutcome Process(EcsDocument document)
    {
        try
        {
            _engine.Observe(document, _time.GetUtcNow());
        }
        catch (Exception e)
        {
            // Logged once per power of two failures: a detector bug hit by every document must not flood the log.
            var failed = _engine.Telemetry.Counter(TelemetryNames.Failed).For("detector_error").Add();
            if ((failed & (failed - 1)) == 0)
            {
                _logger.LogError(e, "The detector failed on document {DocumentId} ({Failed} failures so far); the document is stored regardless", document.Id, failed);
            }
        }

        return ProcessOutcome.Keep;
    }
}
