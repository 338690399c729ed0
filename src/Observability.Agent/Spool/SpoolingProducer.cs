using Microsoft.Extensions.Logging;
using Observability.Agent.Files;
using Observability.Core.Transport;

namespace Observability.Agent.Spool;

/// <summary>
/// Wraps any <see cref="IMessageProducer"/> with a disk spool. A batch the transport does not acknowledge within
/// <see cref="SpoolOptions.SpoolAfter"/> (or rejects with a transient error) is written durably to the spool and
/// acknowledged to the caller, so the agent's checkpoint moves on; a background loop replays the spool in order
/// once the transport is back. While anything is spooled, new batches queue behind it (order is kept). When the
/// spool is full, <see cref="ProduceAsync"/> waits: the tailers pause instead of dropping. A spooled batch the
/// transport refuses for good on replay is settled event by event (delivered, dead-lettered, or counted as dropped
/// and logged) and removed, so it cannot hold the spool up forever.
/// </summary>
public sealed class SpoolingProducer : IMessageProducer
{
    private readonly IMessageProducer _inner;
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DiskSpool _spool;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Task _replay;
    private readonly RejectedBatchSettler _settler;
    private long _spooled;
    private long _replayed;
    private long _replayFailures;
    private long _deadLettered;
    private long _dropped;

    public SpoolingProducer(IMessageProducer inner, SpoolOptions options, TimeProvider time, ILogger<SpoolingProducer> logger)
    {
        options.Validate();
        _inner = inner;
        _options = options;
        _time = time;
        _logger = logger;
        _spool = new DiskSpool(options.Directory, options.MaxBytes, logger);
        _settler = new RejectedBatchSettler(inner, options.DeadLetterTopic, time, logger);
        if (!_spool.IsEmpty)
        {
            _logger.LogInformation("Spool {Directory} holds {Batches} batches ({Bytes} bytes) from before; replaying", options.Directory, _spool.Batches, _spool.Bytes);
        }

        _replay = Task.Run(ReplayLoopAsync);
    }

    /// <summary>Events written to the spool since start.</summary>
    public long EventsSpooled => Interlocked.Read(ref _spooled);

    /// <summary>Events replayed from the spool and acknowledged by the transport since start.</summary>
    public long EventsReplayed => Interlocked.Read(ref _replayed);

    public long ReplayFailures => Interlocked.Read(ref _replayFailures);

    /// <summary>Replayed events the transport refused for good, sent to the dead-letter topic instead.</summary>
    public long EventsDeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Replayed events the transport refused for good that no dead-letter topic took (each logged).</summary>
    public long EventsDropped => Interlocked.Read(ref _dropped);

    public int SpooledBatches => _spool.Batches;

    public long SpooledBytes => _spool.Bytes;

    public async Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        if (_spool.IsEmpty)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_options.SpoolAfter);
            try
            {
                // Cancelling makes the transport stop touching the caller's buffers before they are spooled.
                await _inner.ProduceAsync(messages, attempt.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Transport did not acknowledge {Count} events within {SpoolAfter}; spooling", messages.Count, _options.SpoolAfter);
            }
            catch (TransportException ex) when (ex.IsTransient)
            {
                _logger.LogWarning("Transport failed ({Error}); spooling {Count} events", ex.Message, messages.Count);
            }
        }

        var encoded = SpoolCodec.Encode(messages);
        while (!_spool.TryReserve(encoded.Length))
        {
            // Full: wait for the replay to make room. The caller's window fills and its tailers stop reading.
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }

        _spool.Append(encoded);
        Interlocked.Add(ref _spooled, messages.Count);
        _wake.Release();
    }

    private async Task ReplayLoopAsync()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_spool.PeekOldest() is not { } oldest)
                {
                    await _wake.WaitAsync(TimeSpan.FromSeconds(1), ct);
                    continue;
                }

                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    attempt.CancelAfter(_options.SpoolAfter * 4);
                    await _inner.ProduceAsync(oldest.Messages, attempt.Token);
                    _spool.Remove(oldest.Sequence);
                    Interlocked.Add(ref _replayed, oldest.Messages.Count);
                    delay = TimeSpan.FromMilliseconds(100);
                    if (_spool.IsEmpty)
                    {
                        _logger.LogInformation("Spool drained: {Replayed} events replayed in total", EventsReplayed);
                    }
                }
                catch (TransportException ex) when (!ex.IsTransient)
                {
                    _logger.LogWarning("Replaying spooled batch {Sequence} ({Count} events) failed permanently ({Error}); sending its events one by one",
                        oldest.Sequence, oldest.Messages.Count, ex.Message);
                    var settled = await _settler.SettleAsync(oldest.Messages, ct);
                    _spool.Remove(oldest.Sequence);
                    Interlocked.Add(ref _replayed, settled.Delivered);
                    Interlocked.Add(ref _deadLettered, settled.DeadLettered);
                    Interlocked.Add(ref _dropped, settled.Dropped);
                }
                catch (Exception ex) when (ex is TransportException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    Interlocked.Increment(ref _replayFailures);
                    _logger.LogDebug("Replay of spooled batch {Sequence} failed: {Error}", oldest.Sequence, ex.Message);
                    await Task.Delay(delay, _time, ct);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Spool replay loop error; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
            }
        }
    }

    /// <summary>Stops replaying (what is left stays on disk for the next start); does not dispose the inner producer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _replay;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _wake.Dispose();
    }
}
