using System.Threading.Channels;
using Observability.Core.Transport;

namespace Observability.Training.Telemetry;

/// <summary>
/// Batches telemetry documents into an <see cref="IMessageProducer"/> (obs.traces / obs.metrics / obs.logs) through a
/// bounded queue. A failed batch is retried with backoff; documents are dropped (and counted) only at shutdown.
/// </summary>
public sealed class TransportTelemetrySink : ITelemetrySink, IAsyncDisposable
{
    private readonly IMessageProducer _producer;
    private readonly Channel<TransportMessage> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;
    private long _failed;

    public TransportTelemetrySink(IMessageProducer producer, int capacity = 10_000)
    {
        _producer = producer;
        _queue = Channel.CreateBounded<TransportMessage>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _loop = Task.Run(RunAsync);
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Failed => Interlocked.Read(ref _failed);

    public ValueTask WriteAsync(string topic, string? key, ReadOnlyMemory<byte> ecsJson, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(new TransportMessage(topic, key, ecsJson), cancellationToken);

    private async Task RunAsync()
    {
        var batch = new List<TransportMessage>(500);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 500 && _queue.Reader.TryRead(out var m))
            {
                batch.Add(m);
            }

            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await _producer.ProduceAsync(batch, _stop.Token);
                    Interlocked.Add(ref _sent, batch.Count);
                    break;
                }
                catch (Exception) when (!_stop.IsCancellationRequested && attempt < 10)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt)), CancellationToken.None);
                }
                catch (Exception)
                {
                    Interlocked.Add(ref _failed, batch.Count);
                    break;
                }
            }

            batch.Clear();
        }
    }

    /// <summary>Sends what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(10))) != _loop)
        {
            await _stop.CancelAsync();
        }

        await _loop;
        _stop.Dispose();
    }
}
