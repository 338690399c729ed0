using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Documents;
using Observability.Core.Retry;
using Observability.Core.Storage;
using Observability.Core.Telemetry;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>
/// Writes documents to Elasticsearch with <c>_bulk</c>: <c>create</c> into data streams with the deterministic
/// <c>_id</c> (none for TSDS), so 409 means "already stored" and counts as success. Items answered 429/5xx are
/// resent with exponential backoff and jitter, up to <see cref="ElasticsearchOptions.MaxRetries"/>; mapping and
/// parse errors come back in <see cref="WriteResult.Rejected"/> with Elasticsearch's reason for the caller to
/// dead-letter. When retries run out the whole call throws, so the caller acknowledges nothing and redelivers;
/// the ids make the redelivery harmless. Requests are bounded by bytes and count, and run at most
/// <see cref="ElasticsearchOptions.MaxConcurrentRequests"/> at once.
/// </summary>
public sealed class BulkWriter : IDocumentWriter
{
    private readonly ElasticsearchConnection _connection;
    private readonly bool _ownsConnection;
    private readonly ElasticsearchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ExponentialBackoff _backoff;

    public BulkWriter(ElasticsearchConnection connection, ElasticsearchOptions options, TimeProvider? timeProvider = null, ILogger<BulkWriter>? logger = null, bool ownsConnection = false)
    {
        options.Validate();
        _connection = connection;
        _ownsConnection = ownsConnection;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? (ILogger)NullLogger.Instance;
        _backoff = new ExponentialBackoff(options.InitialBackoff, options.MaxBackoff, BackoffJitter.Equal);
    }

    /// <summary>
    /// What the writer did since start, on meter <c>Observability.Elasticsearch.Bulk</c>: every document ends in exactly one
    /// of <c>sent</c> (written), <c>dropped{duplicate}</c> (already stored) or <c>failed{rejected}</c> (refused for good);
    /// <c>requests</c> and <c>retries</c> count bulk requests, <c>failed_batches</c> batches given back unacknowledged after
    /// the retries ran out.
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = NewTelemetry();

    public async Task<WriteResult> WriteAsync(IReadOnlyList<EcsDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return WriteResult.Empty;
        }

        var tally = new BulkTally();
        var items = new List<BulkItem>(documents.Count);
        foreach (var doc in documents)
        {
            if (Prepare(doc, out var reason) is { } item)
            {
                items.Add(item);
            }
            else
            {
                tally.Rejected.Enqueue(new RejectedDocument(doc, reason!));
            }
        }

        try
        {
            await Parallel.ForEachAsync(
                BulkChunker.Split(items, _options.MaxBatchDocuments, _options.MaxBatchBytes),
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
                async (chunk, ct) => await SendAsync(chunk, tally, ct));
        }
        catch (ElasticsearchException e)
        {
            Telemetry.Counter("failed_batches").Add();
            _log.LogWarning("Bulk write of {Count} documents failed, batch not acknowledged: {Reason}", documents.Count, e.Message);
            throw;
        }

        var rejected = tally.Rejected.ToArray();
        Telemetry.Counter(TelemetryNames.Sent).Add(tally.Written);
        Telemetry.Counter(TelemetryNames.Dropped).For("duplicate").Add(tally.Duplicates);
        Telemetry.Counter(TelemetryNames.Failed).For("rejected").Add(rejected.Length);
        foreach (var r in rejected)
        {
            _log.LogWarning("Document {Id} rejected by Elasticsearch: {Reason}", r.Document.Id, r.Reason);
        }

        return new WriteResult(tally.Written, tally.Duplicates, rejected);
    }

    public ValueTask DisposeAsync()
    {
        Telemetry.Dispose();
        if (_ownsConnection)
        {
            _connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static ComponentTelemetry NewTelemetry()
    {
        var telemetry = new ComponentTelemetry("Elasticsearch.Bulk");
        telemetry.Counter("requests");
        telemetry.Counter(TelemetryNames.Retries);
        telemetry.Counter(TelemetryNames.Sent);
        telemetry.Counter(TelemetryNames.Dropped, "duplicate");
        telemetry.Counter(TelemetryNames.Failed, "rejected");
        telemetry.Counter("failed_batches");
        return telemetry;
    }

    private BulkItem? Prepare(EcsDocument doc, out string? reason)
    {
        reason = null;
        try
        {
            var target = BulkTarget.For(doc, _options);
            if (target.Stream is not null && doc.Timestamp is null)
            {
                reason = "missing or unparsable @timestamp: data streams require it";
                return null;
            }

            var lines = BulkEncoder.Encode(doc, target);
            if (lines.Length > _options.MaxDocumentBytes)
            {
                reason = $"document is {lines.Length} bytes, over the {_options.MaxDocumentBytes}-byte limit";
                return null;
            }

            return new BulkItem(doc, target, lines);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            reason = $"cannot encode document: {e.Message}";
            return null;
        }
    }

    private static readonly string BulkPath = "/_bulk?filter_path=" + Uri.EscapeDataString(BulkResponseParser.FilterPath);

    /// <summary>The request body, gzip-compressed when <see cref="ElasticsearchOptions.CompressRequests"/> (NDJSON shrinks several times over).</summary>
    private ReadOnlyMemory<byte> Body(List<BulkItem> pending)
    {
        var raw = Concat(pending);
        if (!_options.CompressRequests)
        {
            return raw;
        }

        using var buffer = new MemoryStream(raw.Length / 4);
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw.Span);
        }

        return buffer.ToArray();
    }

    private async Task SendAsync(List<BulkItem> chunk, BulkTally tally, CancellationToken ct)
    {
        var pending = chunk;
        for (var attempt = 0; ; attempt++)
        {
            EsResponse response;
            try
            {
                Telemetry.Counter("requests").Add();
                response = await _connection.SendAsync(HttpMethod.Post, BulkPath, Body(pending), "application/x-ndjson", ct, _options.CompressRequests ? "gzip" : null);
            }
            catch (ElasticsearchException e) when (e.IsTransient)
            {
                await PauseOrGiveUpAsync(attempt, null, $"{pending.Count} documents: {e.Message}", ct);
                continue;
            }

            if (response.StatusCode == 413)
            {
                await SplitTooLargeAsync(pending, tally, ct);
                return;
            }

            if (response.IsTransient)
            {
                await PauseOrGiveUpAsync(attempt, response.RetryAfter, $"{pending.Count} documents: HTTP {response.StatusCode} {response.ErrorSummary()}", ct);
                continue;
            }

            if (!response.IsSuccess)
            {
                throw new ElasticsearchException($"bulk request refused: HTTP {response.StatusCode} {response.ErrorSummary()}", response.StatusCode, isTransient: false);
            }

            IReadOnlyList<BulkItemResult> results;
            try
            {
                results = BulkResponseParser.Parse(response.Body, pending.Count);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new ElasticsearchException($"unreadable bulk response: {e.Message}", response.StatusCode, isTransient: true, e);
            }

            var retry = new List<BulkItem>();
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                if (r.IsStored)
                {
                    tally.AddWritten();
                }
                else if (r.IsDuplicate)
                {
                    tally.AddDuplicate();
                }
                else if (r.IsTransient)
                {
                    pending[i].LastError = r.Reason;
                    retry.Add(pending[i]);
                }
                else
                {
                    tally.Rejected.Enqueue(new RejectedDocument(pending[i].Document, r.Reason));
                }
            }

            if (retry.Count == 0)
            {
                return;
            }

            await PauseOrGiveUpAsync(attempt, response.RetryAfter, $"{retry.Count} documents: {retry[0].LastError}", ct);
            pending = retry;
        }
    }

    private async Task PauseOrGiveUpAsync(int attempt, TimeSpan? retryAfter, string what, CancellationToken ct)
    {
        if (attempt >= _options.MaxRetries)
        {
            throw new ElasticsearchException($"still failing after {_options.MaxRetries} retries, {what}", statusCode: null, isTransient: true);
        }

        Telemetry.Counter(TelemetryNames.Retries).Add();
        var delay = _backoff.Delay(attempt + 1, retryAfter); // attempt counts from 0
        _log.LogInformation("Retrying bulk in {DelayMs} ms (attempt {Attempt}): {What}", (long)delay.TotalMilliseconds, attempt + 1, what);
        await Task.Delay(delay, _time, ct);
    }

    /// <summary>413 (over <c>http.max_content_length</c>): halve the request; a single document that is still too large is rejected.</summary>
    private async Task SplitTooLargeAsync(List<BulkItem> pending, BulkTally tally, CancellationToken ct)
    {
        if (pending.Count == 1)
        {
            tally.Rejected.Enqueue(new RejectedDocument(pending[0].Document, "413: document larger than the cluster's http.max_content_length"));
            return;
        }

        var half = pending.Count / 2;
        await SendAsync(pending[..half], tally, ct);
        await SendAsync(pending[half..], tally, ct);
    }

    private static ReadOnlyMemory<byte> Concat(List<BulkItem> items)
    {
        var size = 0;
        foreach (var i in items)
        {
            size += i.Lines.Length;
        }

        var body = new byte[size];
        var at = 0;
        foreach (var i in items)
        {
            i.Lines.CopyTo(body, at);
            at += i.Lines.Length;
        }

        return body;
    }
}
