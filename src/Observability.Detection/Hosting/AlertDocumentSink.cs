using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Core.Telemetry;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Detection.Hosting;

/// <summary>
/// Writes every alert state change as an ECS alert document (<see cref="AlertMessages.ToDocument"/>: <c>event.kind: alert</c>,
/// id = fingerprint + activation + state) through an <see cref="IDocumentWriter"/> — with <c>obs up --es</c> the
/// Elasticsearch bulk writer, which indexes it into <c>obs-alerts</c>. The id is deterministic, so a retried write
/// overwrites the same document instead of adding one. The alerter only queues (bounded; a full queue drops and counts);
/// this loop writes, retries a failing batch <see cref="MaxAttempts"/> times, and logs and counts what it gives up on.
/// The lifecycle store (DuckDB) stays the source of truth; this is a copy for Kibana.
/// </summary>
public sealed class AlertDocumentSink : BackgroundService, IAlertChangeSink
{
    private readonly Channel<EcsDocument> _queue;
    private readonly IDocumentWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AlertDocumentSink(IDocumentWriter writer, TimeProvider time, ILogger<AlertDocumentSink>? logger = null, int capacity = 10_000)
    {
        _writer = writer;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<EcsDocument>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>
    /// On meter <c>Observability.Alerting.DocumentSink</c>: documents <c>sent</c> (written, or already there),
    /// <c>failed{rejected}</c> (refused for good), <c>failed{retries_exhausted}</c> (given up on), <c>dropped{queue_full}</c>,
    /// and <c>retries</c>.
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = new ComponentTelemetry("Alerting.DocumentSink")
        .With(TelemetryNames.Sent).With(TelemetryNames.Failed, "rejected", "retries_exhausted").With(TelemetryNames.Dropped, "queue_full").With(TelemetryNames.Retries);

    /// <summary>Tries per batch before it is given up (logged and counted in <c>failed{retries_exhausted}</c>).</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxBatch { get; init; } = 500;

    public void Offer(IReadOnlyList<Alert> changes)
    {
        foreach (var alert in changes)
        {
            if (!_queue.Writer.TryWrite(AlertMessages.ToDocument(alert)))
            {
                Telemetry.Counter(TelemetryNames.Dropped).For("queue_full").Add();
                _logger.LogWarning("Alert document queue full; dropped the {State} change of alert {Fingerprint}", alert.State, alert.Fingerprint);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // What is queued is still written (the alerter stopped first), until the host's stop token fires.
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // the host's shutdown timeout: base.StopAsync cancels the loop, which logs what was left
            }
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<EcsDocument>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var doc))
                {
                    batch.Add(doc);
                }

                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.LogWarning("Stopped with {Count} alert documents not written", batch.Count + _queue.Reader.Count);
        }
    }

    /// <summary>Writes one batch: retries transient failures a bounded number of times; never throws but on cancellation.</summary>
    internal async Task WriteAsync(IReadOnlyList<EcsDocument> batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await _writer.WriteAsync(batch, ct);
                Telemetry.Counter(TelemetryNames.Sent).Add(result.Written + result.Duplicates);
                Telemetry.Counter(TelemetryNames.Failed).For("rejected").Add(result.Rejected.Count);
                foreach (var rejected in result.Rejected)
                {
                    _logger.LogError("Alert document {Id} refused: {Reason}", rejected.Document.Id, rejected.Reason);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var permanent = e is ElasticsearchException { IsTransient: false };
                if (permanent || attempt >= MaxAttempts)
                {
                    Telemetry.Counter(TelemetryNames.Failed).For("retries_exhausted").Add(batch.Count);
                    _logger.LogError(e, "Gave up writing {Count} alert documents after {Attempts} attempts", batch.Count, attempt);
                    return;
                }

                Telemetry.Counter(TelemetryNames.Retries).Add();
                _logger.LogWarning(e, "Writing {Count} alert documents failed (attempt {Attempt}); retrying in {Delay}", batch.Count, attempt, RetryDelay);
                await Task.Delay(RetryDelay, _time, ct);
            }
        }
    }
}
