using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Json;
using Observability.Core.Telemetry;
using Observability.Core.Transport;
using Observability.Detection.Engine;

namespace Observability.Detection.Hosting;

/// <summary>
/// Distributed mode: consumes <c>obs.metrics</c> and <c>obs.logs</c> (its own consumer group) and feeds the
/// <see cref="DetectionEngine"/>. A message that is not an ECS document is counted and skipped; the batch is
/// acknowledged after every message was observed (detection keeps no durable state to lose).
/// </summary>
public sealed class DetectionConsumerService : BackgroundService
{
    private readonly IMessageConsumer _consumer;
    private readonly DetectionEngine _engine;
    private readonly TimeProvider _time;
    private readonly ILogger<DetectionConsumerService> _logger;

    public DetectionConsumerService(IMessageConsumer consumer, DetectionEngine engine, TimeProvider time, ILogger<DetectionConsumerService> logger)
    {
        _consumer = consumer;
        _engine = engine;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            MessageBatch batch;
            try
            {
                batch = await _consumer.ReceiveAsync(1000, TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TransportException e)
            {
                _logger.LogWarning(e, "Receiving from the transport failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken);
                continue;
            }

            foreach (var m in batch.Messages)
            {
                Core.Documents.EcsDocument doc;
                try
                {
                    doc = EcsJson.Parse(m.Value.Span);
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
                {
                    _engine.Telemetry.Counter(TelemetryNames.Dropped).For("invalid").Add();
                    _logger.LogWarning("Skipped a message at {Position} on {Topic} that is not an ECS document: {Error}", m.Position, m.Topic, e.Message);
                    continue;
                }

                try
                {
                    _engine.Observe(doc, _time.GetUtcNow());
                }
                catch (Exception e)
                {
                    // A detector bug must not stop the service (and with it the host): count it, log it, go on.
                    var failed = _engine.Telemetry.Counter(TelemetryNames.Failed).For("detector_error").Add();
                    if ((failed & (failed - 1)) == 0)
                    {
                        _logger.LogError(e, "The detector failed on the message at {Position} on {Topic} ({Failed} failures so far)", m.Position, m.Topic, failed);
                    }
                }
            }

            batch.Acknowledge();
        }
    }
}
