using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Observability.Transport.Kafka;

/// <summary>
/// One librdkafka producer handle (a generation of <see cref="KafkaMessageProducer"/>) and the batches waiting on it.
/// Once closed (after a fatal error, when librdkafka accepts nothing more on it, or when the producer is disposed),
/// <see cref="ShutdownAsync"/> waits for the producing loops to leave, collects the reports still coming, destroys the
/// handle and fails every batch still waiting on it: no batch is ever left hanging on a dead handle.
/// </summary>
internal sealed class ProducerHandle : IProducerGeneration
{
    private static readonly TimeSpan LeaveWait = TimeSpan.FromMilliseconds(5);

    private Error? _closedBy;
    private int _producing;

    public ProducerHandle(int generation, ProducerConfig config, ILogger logger, Action<ProducerHandle, Error> onFatal)
    {
        Generation = generation;
        Producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                KafkaClientLog.OnError(logger, error);
                if (error.IsFatal)
                {
                    onFatal(this, error);
                }
            })
            .SetLogHandler((_, message) => KafkaClientLog.OnLog(logger, message))
            .Build();
    }

    /// <summary>1 for the first handle, one more for each replacement.</summary>
    public int Generation { get; }

    public IProducer<byte[]?, byte[]> Producer { get; }

    /// <summary>Batches with messages handed to this handle whose reports are not all in yet.</summary>
    public ConcurrentDictionary<DeliveryCountdown, byte> Waiting { get; } = new();

    public int WaitingBatches => Waiting.Count;

    /// <summary>Why the handle takes no more messages (its fatal error, or the producer's closing); null while usable.</summary>
    public Error? ClosedBy => Volatile.Read(ref _closedBy);

    /// <summary>Stops new messages; true only for the first caller, which owns the replacement and the shutdown.</summary>
    public bool TryClose(Error reason) => Interlocked.CompareExchange(ref _closedBy, reason, null) is null;

    /// <summary>A producing loop starts using the handle; false when it is closed (take the next generation).</summary>
    public bool TryEnter()
    {
        // Increment before reading ClosedBy (both full fences); ShutdownAsync runs after TryClose and reads the count,
        // so either this loop sees the handle closed or the shutdown sees this loop and waits for it to leave.
        Interlocked.Increment(ref _producing);
        if (ClosedBy is null)
        {
            return true;
        }

        Exit();
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _producing);

    /// <summary>
    /// After <see cref="TryClose"/>: waits for the producing loops to leave (each stops at its next message), gives
    /// librdkafka up to <paramref name="drain"/> to report what it already had, destroys the handle, then abandons
    /// the batches still waiting with <paramref name="abandonWith"/>. Returns how many messages were left undelivered.
    /// </summary>
    public async Task<int> ShutdownAsync(TimeSpan drain, Error abandonWith)
    {
        while (Volatile.Read(ref _producing) > 0)
        {
            await Task.Delay(LeaveWait);
        }

        var left = await Task.Run(() =>
        {
            try
            {
                return Producer.Flush(drain);
            }
            finally
            {
                Producer.Dispose();
            }
        });

        // The handle is gone: no report can arrive any more, so whoever still waits is told now.
        foreach (var countdown in Waiting.Keys)
        {
            countdown.Abandon(abandonWith);
        }

        return left;
    }
}
