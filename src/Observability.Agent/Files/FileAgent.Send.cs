using Microsoft.Extensions.Logging;
using Observability.Core.Retry;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Agent.Files;

/// <summary>Batches in flight: handing them to the producer, retrying failed ones, and moving checkpoints in order as they are acknowledged.</summary>
public sealed partial class FileAgent
{
    /// <summary>Re-sending to the transport: 100 ms doubling up to 10 s, each wait between half and all of its step.</summary>
    internal static readonly ExponentialBackoff SendBackoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), BackoffJitter.Equal);

    private EventBatch NewBatch() => _freeBatches.Count > 0 ? _freeBatches.Pop() : new EventBatch(_options.MaxBatchLines);

    /// <summary>Hands the current batch to the producer, first waiting for the oldest when the window is full.</summary>
    private async Task DispatchAsync(CancellationToken ct)
    {
        var batch = _ctx!.Batch;
        if (batch.IsEmpty)
        {
            return;
        }

        while (_inFlight.Count >= _options.MaxInFlightBatches)
        {
            await CompleteFinishedAsync(waitForOne: true, ct);
        }

        _ctx.Batch = NewBatch();
        var send = batch.Count == 0 ? Task.CompletedTask : SendAsync(batch.Messages);
        _inFlight.Enqueue(new InFlightBatch(batch, send));
        Level("batches_in_flight", _inFlight.Count);
        if (_inFlight.Peek().Send.IsCompleted)
        {
            // A long read pass (many full batches) applies acknowledgements as they come, so checkpoints keep moving.
            await CompleteFinishedAsync(waitForOne: false, ct);
        }
    }

    private Task SendAsync(IReadOnlyList<TransportMessage> messages)
    {
        try
        {
            return _producer.ProduceAsync(messages, _sendCts.Token);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Applies acknowledged batches in order; a failed one is retried (with backoff) before anything behind it counts.</summary>
    private async Task CompleteFinishedAsync(bool waitForOne, CancellationToken ct)
    {
        while (_inFlight.Count > 0)
        {
            var head = _inFlight.Peek();
            if (!head.Send.IsCompleted)
            {
                if (!waitForOne)
                {
                    break;
                }

                // Wakes when a checkpoint is due, so acknowledgements applied before a long wait still reach the disk in time.
                var due = _unsavedSince is { } since ? TimeSpan.FromTicks(Math.Max(0, (since + _options.CheckpointInterval - _time.GetUtcNow()).Ticks)) : Timeout.InfiniteTimeSpan;
                await Task.WhenAny(head.Send, Task.Delay(due, _time, ct));
                ct.ThrowIfCancellationRequested();
                if (CheckpointDue())
                {
                    SaveCheckpoints();
                }

                continue;
            }

            if (!head.Send.IsCompletedSuccessfully)
            {
                if (!await RetryAsync(head, ct))
                {
                    continue;
                }
            }
            else
            {
                Count(TelemetryNames.Sent, head.Batch.Count);
            }

            _inFlight.Dequeue();
            Acknowledge(head.Batch);
            waitForOne = false;
        }

        if (CheckpointDue())
        {
            SaveCheckpoints();
        }

        Level("batches_in_flight", _inFlight.Count);
    }

    /// <returns>true when the batch is settled (after a permanent error); false when it was sent again.</returns>
    private async Task<bool> RetryAsync(InFlightBatch head, CancellationToken ct)
    {
        var error = head.Send.Exception?.GetBaseException() ?? new OperationCanceledException();
        Count(TelemetryNames.Retries);
        if (error is TransportException { IsTransient: false })
        {
            // Retrying the batch cannot help, but most of its events are usually fine (one too large, say):
            // settle event by event — delivered, dead-lettered, or counted and logged with file and offset.
            _logger.LogWarning("Sending {Count} events failed permanently ({Error}); sending them one by one to find the refused ones", head.Batch.Count, error.Message);
            var settled = await _rejected.SettleAsync(head.Batch.Messages, ct);
            Count(TelemetryNames.Sent, settled.Delivered);
            Telemetry.Counter(TelemetryNames.Failed).Part("dead_letter").Add(settled.DeadLettered);
            Telemetry.Counter(TelemetryNames.Failed).Part("refused").Add(settled.Dropped);
            return true;
        }

        var backoff = SendBackoff.Delay(head.Attempts + 1);
        _logger.LogWarning("Sending {Count} events failed (attempt {Attempt}), retrying in {Backoff}: {Error}", head.Batch.Count, head.Attempts, backoff, error.Message);
        await Task.Delay(backoff, _time, ct);
        head.Attempts++;
        head.Send = SendAsync(head.Batch.Messages);
        return false;
    }

    private void Acknowledge(EventBatch batch)
    {
        foreach (var (tailer, offset) in batch.Positions)
        {
            if (offset > tailer.AckedOffset)
            {
                tailer.AckedOffset = offset;
            }

            _checkpoints!.Set(tailer.Id, tailer.AckedOffset, tailer.Identity.Fingerprint, tailer.Device, tailer.Inode, tailer.Path, tailer.Size, tailer.IsInflatedCopy, tailer.LivePath);
            _unsavedSince ??= _time.GetUtcNow();
        }

        batch.Release();
        _freeBatches.Push(batch);
    }
}
