using Microsoft.Extensions.Logging;
using Observability.Core.Transport;

namespace Observability.Agent.Files;

/// <summary>
/// Settles a batch the transport refused with a permanent error without losing an event silently. Each event is
/// sent again alone, so the ones the transport refuses are told apart from the ones it takes (duplicates of those
/// are removed downstream by their deterministic ids); transient failures are retried with backoff. Each refused
/// event goes to the dead-letter topic with its file and offset — or, when there is none or it refuses too, is
/// counted as dropped and logged with its file and offset.
/// </summary>
internal sealed class RejectedBatchSettler(IMessageProducer producer, string? deadLetterTopic, TimeProvider time, ILogger logger)
{
    /// <summary>Refused events logged one by one per batch; the rest in one line.</summary>
    private const int LoggedPerBatch = 20;

    public async Task<SettledBatch> SettleAsync(IReadOnlyList<TransportMessage> messages, CancellationToken ct)
    {
        var rejected = new List<RejectedEvent>();
        var delivered = 0;
        IReadOnlyList<TransportMessage> pending = messages;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(FileAgent.SendBackoff.Delay(attempt + 1), time, ct);
            }

            var outcomes = await Task.WhenAll(pending.Select(m => TrySendAsync([m], ct)));
            var retry = new List<TransportMessage>();
            for (var i = 0; i < pending.Count; i++)
            {
                switch (outcomes[i])
                {
                    case null:
                        delivered++;
                        break;
                    case { IsTransient: true }:
                        retry.Add(pending[i]);
                        break;
                    case var refused:
                        rejected.Add(RejectedEvent.From(pending[i], refused.Message));
                        break;
                }
            }

            pending = retry;
        }

        var deadLettered = rejected.Count > 0 && await DeadLetterAsync(rejected, ct);
        return deadLettered ? new(delivered, rejected.Count, 0) : new(delivered, 0, rejected.Count);
    }

    /// <returns>true when the dead-letter topic took them; false when they were dropped (logged).</returns>
    private async Task<bool> DeadLetterAsync(List<RejectedEvent> rejected, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(deadLetterTopic))
        {
            Log(rejected, LogLevel.Error, "dropped: no dead-letter topic is configured");
            return false;
        }

        var letters = rejected.Select(r => r.ToDeadLetter(deadLetterTopic, time.GetUtcNow())).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var error = await TrySendAsync(letters, ct);
            if (error is null)
            {
                Log(rejected, LogLevel.Warning, $"dead-lettered to {deadLetterTopic}");
                return true;
            }

            if (!error.IsTransient)
            {
                Log(rejected, LogLevel.Error, $"dropped: the dead-letter topic {deadLetterTopic} refused them too: {error.Message}");
                return false;
            }

            var backoff = FileAgent.SendBackoff.Delay(attempt + 1);
            logger.LogWarning("Dead-lettering {Count} refused events to {Topic} failed ({Error}); retrying in {Backoff}", rejected.Count, deadLetterTopic, error.Message, backoff);
            await Task.Delay(backoff, time, ct);
        }
    }

    private void Log(List<RejectedEvent> rejected, LogLevel level, string outcome)
    {
        foreach (var e in rejected.Take(LoggedPerBatch))
        {
            logger.Log(level, "Event {EventId} from {Path} at offset {Offset} ({Bytes} bytes) was refused by the transport ({Reason}); {Outcome}",
                e.EventId, e.Path, e.Offset, e.Message.Value.Length, e.Reason, outcome);
        }

        if (rejected.Count > LoggedPerBatch)
        {
            logger.Log(level, "{More} more refused events of the same batch; {Outcome}", rejected.Count - LoggedPerBatch, outcome);
        }
    }

    /// <returns>null when the transport took the messages; otherwise why not (any other failure counts as transient).</returns>
    private async Task<TransportException?> TrySendAsync(IReadOnlyList<TransportMessage> messages, CancellationToken ct)
    {
        try
        {
            await producer.ProduceAsync(messages, ct);
            return null;
        }
        catch (TransportException ex)
        {
            return ex;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Cancellation propagates: the batch stays unacknowledged and its lines are read again after a restart.
            return new TransportException(ex.Message, isTransient: true, ex);
        }
    }
}
