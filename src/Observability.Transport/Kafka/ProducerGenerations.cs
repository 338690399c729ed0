using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>
/// The librdkafka handle of a producer (<see cref="KafkaMessageProducer"/>, <see cref="KafkaBatchProducer"/>) across fatal errors. librdkafka's documentation:
/// after a fatal error the application must destroy the producer and create a new one. So the first report of a
/// fatal error on a handle (error callback, delivery report or refused produce, whichever comes first) installs a
/// new generation and retires the dead one in the background; later reports of the same generation do nothing.
/// </summary>
internal sealed class ProducerGenerations<THandle>
    where THandle : ProducerGeneration
{
    /// <summary>How long a dead handle may take to report the requests already on the wire before it is destroyed.</summary>
    private static readonly TimeSpan FatalDrain = TimeSpan.FromSeconds(5);

    private readonly Func<int, Action<THandle, Error>, THandle> _create;
    private readonly ILogger _logger;
    private readonly TelemetryCounter _recreated;
    private readonly Lock _replaceLock = new();
    private readonly List<Task> _retiring = []; // guarded by _replaceLock
    private THandle _current;
    private int _closed;

    /// <param name="create">Builds generation N (1, 2, ...) whose fatal errors are reported to the given callback; throws <see cref="KafkaException"/> when it cannot.</param>
    public ProducerGenerations(Func<int, Action<THandle, Error>, THandle> create, ILogger logger, TelemetryCounter recreated)
    {
        _create = create;
        _logger = logger;
        _recreated = recreated;
        _current = create(1, OnFatal);
    }

    public THandle Current => Volatile.Read(ref _current);

    /// <summary>The current handle, entered (the caller must <see cref="ProducerGeneration.Exit"/>); waits out a replacement.</summary>
    public THandle Enter()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, typeof(ProducerGenerations<THandle>));
            var handle = Current;
            if (handle.TryEnter())
            {
                return handle;
            }

            lock (_replaceLock)
            {
                if (Volatile.Read(ref _closed) == 0)
                {
                    // Normally the replacement is already there; if it could not be built then, try again (or throw transient).
                    ReplaceLocked(handle);
                }
            }
        }
    }

    /// <summary>A fatal error on <paramref name="handle"/>: replace it (once per generation) and retire it.</summary>
    public void OnFatal(THandle handle, Error error)
    {
        if (!handle.TryClose(error))
        {
            return; // this generation is already being replaced
        }

        _logger.LogCritical(
            "Kafka producer generation {Generation} failed fatally ({KafkaErrorCode}: {KafkaReason}); replacing it with a new producer, its {Batches} batches in flight fail as transient and are sent again",
            handle.Generation, error.Code, error.Reason, handle.WaitingBatches);
        lock (_replaceLock)
        {
            if (Volatile.Read(ref _closed) != 0)
            {
                return; // CloseAsync shuts the current handle down
            }

            try
            {
                ReplaceLocked(handle);
            }
            catch (TransportException ex)
            {
                _logger.LogError(ex, "Building the replacement Kafka producer failed; the next produce tries again");
            }

            _retiring.RemoveAll(t => t.IsCompleted);
            _retiring.Add(RetireAsync(handle));
        }
    }

    /// <summary>Waits for the retiring handles, then flushes (up to <paramref name="flush"/>) and destroys the current one; returns the messages left undelivered.</summary>
    public async Task<int> CloseAsync(TimeSpan flush)
    {
        THandle current;
        Task[] retiring;
        lock (_replaceLock)
        {
            Volatile.Write(ref _closed, 1);
            current = _current;
            retiring = [.. _retiring];
        }

        await Task.WhenAll(retiring);
        current.TryClose(new Error(ErrorCode.Local_Destroy, "the producer was closed"));
        return await current.ShutdownAsync(flush, new Error(ErrorCode.Local_Destroy, "the producer was closed before delivery"));
    }

    /// <summary>Installs the next generation unless that already happened (the error callback and a produce race here).</summary>
    private void ReplaceLocked(THandle dead)
    {
        if (!ReferenceEquals(_current, dead))
        {
            return;
        }

        try
        {
            Volatile.Write(ref _current, _create(dead.Generation + 1, OnFatal));
            _recreated.Add();
        }
        catch (KafkaException ex)
        {
            throw new TransportException($"the Kafka producer could not be recreated after a fatal error: {ex.Message}", isTransient: true, ex);
        }
    }

    private async Task RetireAsync(THandle dead)
    {
        try
        {
            await dead.ShutdownAsync(FatalDrain, new Error(ErrorCode.Local_Fatal, $"the Kafka producer failed fatally and was replaced: {dead.ClosedBy?.Reason}"));
        }
        catch (Exception ex) when (ex is KafkaException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogError(ex, "Closing the failed Kafka producer generation {Generation} failed", dead.Generation);
        }
    }
}
