using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Documents;
using Observability.Core.Retry;
using Observability.Core.Storage;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Indexer;

/// <summary>
/// The indexer loop: receive a batch, decode it (bad JSON is dead-lettered, never fatal), run the pipeline
/// processors, write to the store, dead-letter what the store refused, and only then acknowledge the batch.
/// A store error is transient: the same batch is retried with backoff and jitter and nothing is acknowledged
/// meanwhile. On stop it keeps storing what is already queued (upstream stops first) for up to
/// <see cref="IndexerOptions.DrainTimeoutMs"/>. Every document it writes carries <c>event.ingested</c>, the time of the
/// write (see <see cref="StampIngested"/>).
/// </summary>
public sealed class IndexerService : BackgroundService
{
    private readonly IMessageConsumer _consumer;
    private readonly IDocumentWriter _writer;
    private readonly IDeadLetterSink _deadLetters;
    private readonly IReadOnlyList<IDocumentProcessor> _processors;
    private readonly IndexerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MessageDecoder _decoder;
    private readonly ExponentialBackoff _backoff;
    private readonly LineEventTime? _lineTime;

    public IndexerService(
        IMessageConsumer consumer,
        IDocumentWriter writer,
        IDeadLetterSink deadLetters,
        IEnumerable<IDocumentProcessor>? processors,
        IndexerOptions options,
        TimeProvider time,
        ILogger<IndexerService> logger)
    {
        options.Validate();
        _consumer = consumer;
        _writer = writer;
        _deadLetters = deadLetters;
        _processors = processors?.ToArray() ?? [];
        _options = options;
        _time = time;
        _logger = logger;
        _decoder = new MessageDecoder(options.MaxMessageBytes, time);
        _backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(options.RetryInitialMs), TimeSpan.FromMilliseconds(options.RetryMaxMs));
        _lineTime = options.TimestampFromLine ? new LineEventTime(options.LineZone()) : null;
        _ = Telemetry.Counter(TelemetryNames.Received);
        _ = Telemetry.Counter(TelemetryNames.Sent);
        _ = Telemetry.Counter(TelemetryNames.Dropped, "duplicate", "pipeline");
        _ = Telemetry.Counter(TelemetryNames.Failed, "dead_letter");
        _ = Telemetry.Counter(TelemetryNames.Retries);
        _ = Telemetry.Counter("batches");
        _ = Telemetry.Counter("timestamps_from_line");
    }

    /// <summary>
    /// What the indexer did since start (STYLE.md #8), on meter <c>Observability.Indexer</c>: <c>received</c> messages,
    /// <c>sent</c> documents newly stored, <c>dropped</c> (<c>duplicate</c>: already stored, a success; <c>pipeline</c>: a
    /// processor dropped it), <c>failed</c> (<c>dead_letter</c>: bad JSON or refused by the store), <c>retries</c> (failed
    /// attempts to store a batch, each retried), <c>batches</c> stored and acknowledged, <c>timestamps_from_line</c>.
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = new("Indexer");

    private TelemetryCounter Received => Telemetry.Counter(TelemetryNames.Received);

    private TelemetryCounter Stored => Telemetry.Counter(TelemetryNames.Sent);

    private TelemetryCounter Dropped => Telemetry.Counter(TelemetryNames.Dropped);

    private TelemetryCounter Failed => Telemetry.Counter(TelemetryNames.Failed);

    /// <summary>
    /// Raised after each store commit, before the acknowledgement, with the documents that commit made visible to
    /// queries (benchmarks measure write-to-searchable delay with it). Handlers must be quick and must not throw.
    /// </summary>
    public event Action<IReadOnlyList<EcsDocument>>? Committed;

    public override void Dispose()
    {
        base.Dispose();
        Telemetry.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Work already received is finished with this token, which fires only when the drain time after stop is up.
        using var hardStop = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() => hardStop.CancelAfter(TimeSpan.FromMilliseconds(_options.DrainTimeoutMs)));
        _logger.LogInformation("Indexer started: batch size {BatchSize}, {ProcessorCount} processors", _options.BatchSize, _processors.Count);
        try
        {
            var receiveErrors = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                MessageBatch batch;
                try
                {
                    batch = await _consumer.ReceiveAsync(_options.BatchSize, _options.MaxWait, stoppingToken);
                    receiveErrors = 0;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    receiveErrors++;
                    _logger.LogWarning(e, "Receive failed (attempt {Attempt}); retrying", receiveErrors);
                    await DelayAsync(_backoff.Delay(receiveErrors), stoppingToken);
                    continue;
                }

                if (batch.Count > 0)
                {
                    await ProcessAsync(batch, hardStop.Token);
                }
            }

            await DrainAsync(hardStop.Token);
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            _logger.LogWarning("Indexer stopped before the queue was drained; unacknowledged messages are delivered again on restart");
        }

        _logger.LogInformation("Indexer stopped: {Counters}", Telemetry.ToString());
    }

    private async Task DrainAsync(CancellationToken hardStop)
    {
        while (!hardStop.IsCancellationRequested)
        {
            var batch = await _consumer.ReceiveAsync(_options.BatchSize, TimeSpan.FromMilliseconds(Math.Min(_options.MaxWaitMs, 100)), hardStop);
            if (batch.Count == 0)
            {
                return;
            }

            await ProcessAsync(batch, hardStop);
        }
    }

    /// <summary>Stores one batch and acknowledges it, or fails it (never both) when stopped before it was stored.</summary>
    internal async Task ProcessAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        Received.Add(batch.Count);
        try
        {
            var deadLetters = new List<DeadLetter>();
            var origins = new Dictionary<EcsDocument, TransportMessage>(batch.Count, ReferenceEqualityComparer.Instance);
            var documents = Decode(batch, deadLetters, origins);
            var result = await WithRetryAsync("store", () => _writer.WriteAsync(StampIngested(documents), cancellationToken), cancellationToken);
            OnCommitted(documents);
            foreach (var rejected in result.Rejected)
            {
                deadLetters.Add(_decoder.DeadLetterFor(OriginOf(rejected.Document, origins), $"rejected by the store: {rejected.Reason}"));
            }

            if (deadLetters.Count > 0)
            {
                await WithRetryAsync("dead-letter", async () => { await _deadLetters.WriteAsync(deadLetters, cancellationToken); return true; }, cancellationToken);
                _logger.LogWarning("Dead-lettered {Count} messages, first reason: {Reason}", deadLetters.Count, deadLetters[0].Reason);
            }

            // Counted before the acknowledgement so that whoever waits on it sees the counters already moved.
            Stored.Add(result.Written);
            Dropped.For("duplicate").Add(result.Duplicates);
            Failed.For("dead_letter").Add(deadLetters.Count);
            Telemetry.Counter("batches").Add();
            batch.Acknowledge();
            _logger.LogDebug("Stored batch of {Count}: {Written} written, {Duplicates} duplicates", batch.Count, result.Written, result.Duplicates);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            batch.Fail(new TransportException("the indexer stopped before the batch was stored", isTransient: true));
            throw;
        }
    }

    /// <summary>
    /// Sets <c>event.ingested</c> on every document of a write attempt to the attempt's time (UTC, whole milliseconds:
    /// Elasticsearch's <c>date</c> precision, so both stores hold the same value). ECS defines it as the time the event
    /// arrived in the central data store, which only the indexer knows, so a value a producer set is overwritten,
    /// as Elastic's own ingest pipelines do; an agent's own time belongs in <c>event.created</c>. A retried batch is
    /// stamped again, and a redelivered duplicate keeps the stored document's first value (the store ignores it).
    /// </summary>
    private IReadOnlyList<EcsDocument> StampIngested(IReadOnlyList<EcsDocument> documents)
    {
        var now = _time.GetUtcNow();
        var ingested = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        foreach (var doc in documents)
        {
            doc.Set(EcsFields.EventIngested, ingested);
        }

        return documents;
    }

    private void OnCommitted(IReadOnlyList<EcsDocument> documents)
    {
        try
        {
            Committed?.Invoke(documents);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A commit observer failed");
        }
    }

    private List<EcsDocument> Decode(MessageBatch batch, List<DeadLetter> deadLetters, Dictionary<EcsDocument, TransportMessage> origins)
    {
        var documents = new List<EcsDocument>(batch.Count);
        foreach (var message in batch.Messages)
        {
            var doc = _decoder.Decode(message, out var deadLetter);
            if (doc is null)
            {
                deadLetters.Add(deadLetter!);
                continue;
            }

            if (_lineTime?.Apply(doc) == true)
            {
                Telemetry.Counter("timestamps_from_line").Add();
            }

            if (RunProcessors(doc, message, deadLetters))
            {
                documents.Add(doc);
                origins[doc] = message;
            }
        }

        return documents;
    }

    private bool RunProcessors(EcsDocument doc, TransportMessage message, List<DeadLetter> deadLetters)
    {
        foreach (var processor in _processors)
        {
            try
            {
                if (processor.Process(doc) == ProcessOutcome.Drop)
                {
                    Dropped.For("pipeline").Add();
                    return false;
                }
            }
            catch (Exception e)
            {
                // Processors must not throw for bad data; one that does is a bug, and the message is kept for replay.
                deadLetters.Add(_decoder.DeadLetterFor(message, $"processor {processor.GetType().Name} failed: {e.Message}"));
                return false;
            }
        }

        return true;
    }

    private async Task<T> WithRetryAsync<T>(string what, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Telemetry.Counter(TelemetryNames.Retries).Add();
                var delay = _backoff.Delay(attempt);
                _logger.LogWarning(e, "Indexer {Stage} write failed (attempt {Attempt}); retrying in {DelayMs} ms, nothing acknowledged", what, attempt, (long)delay.TotalMilliseconds);
                await DelayAsync(delay, cancellationToken);
            }
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, _time, cancellationToken);

    private static TransportMessage OriginOf(EcsDocument document, Dictionary<EcsDocument, TransportMessage> origins) =>
        origins.TryGetValue(document, out var message)
            ? message
            : new TransportMessage(Core.Transport.Topics.Logs, null, Core.Json.EcsJson.ToUtf8(document)); // a writer that returned a copy
}
