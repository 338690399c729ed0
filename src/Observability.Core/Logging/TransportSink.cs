using System.Threading.Channels;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Serilog.Core;
using Serilog.Events;

namespace Observability.Core.Logging;

/// <summary>
/// A Serilog sink that ships the process's own log events, as ECS documents, into the pipeline (<c>obs.logs</c>)
/// through any <see cref="IMessageProducer"/>. <see cref="Emit"/> never blocks: events wait in a bounded queue and
/// are dropped (counted in <see cref="Dropped"/>) when it is full; a background pump sends them in batches and
/// retries a failed batch a few times before dropping it. Ids are deterministic per process run and sequence number.
/// </summary>
public sealed class TransportSink : ILogEventSink, IAsyncDisposable, IDisposable
{
    private readonly Channel<EcsDocument> _queue;
    private readonly IMessageProducer _producer;
    private readonly EcsLogEvent _mapper;
    private readonly TransportSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _runId;
    private readonly Task _pump;
    private long _sequence;
    private long _accepted;
    private long _dropped;
    private long _sent;
    private int _disposed;

    public TransportSink(IMessageProducer producer, EcsLogEvent mapper, TransportSinkOptions options, TimeProvider time)
    {
        options.Validate();
        _producer = producer;
        _mapper = mapper;
        _options = options;
        _time = time;
        _runId = $"{Environment.ProcessId}-{time.GetUtcNow().ToUnixTimeMilliseconds()}";
        _queue = Channel.CreateBounded<EcsDocument>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting, so we can count the drop
            SingleReader = true,
        });
        _pump = Task.Run(PumpAsync);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Sent => Interlocked.Read(ref _sent);

    public void Emit(LogEvent logEvent)
    {
        EcsDocument doc;
        try
        {
            doc = _mapper.ToDocument(logEvent);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        doc.Id = EventIds.FromParts("obs-log", _runId, Interlocked.Increment(ref _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Interlocked.Increment(ref _accepted);
        if (!_queue.Writer.TryWrite(doc))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Waits until every event emitted so far was sent (acknowledged) or dropped, or the timeout passes.</summary>
    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (Interlocked.Read(ref _accepted) > Sent + Dropped && _time.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
        }
    }

    private async Task PumpAsync()
    {
        var batch = new List<TransportMessage>(_options.BatchSize);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                // Gather for up to FlushInterval so a chatty service sends few, larger batches.
                using var window = new CancellationTokenSource(_options.FlushInterval, _time);
                while (batch.Count < _options.BatchSize)
                {
                    if (reader.TryRead(out var doc))
                    {
                        batch.Add(new TransportMessage(_options.Topic, doc.GetString(EcsFields.HostName), EcsJson.ToUtf8(doc)));
                        continue;
                    }

                    try
                    {
                        if (!await reader.WaitToReadAsync(window.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                await SendAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal gave up waiting.
        }
    }

    private async Task SendAsync(List<TransportMessage> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _producer.ProduceAsync(batch, _stop.Token);
                Interlocked.Add(ref _sent, batch.Count);
                return;
            }
            catch (Exception) when (attempt < 3 && !_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time, _stop.Token);
            }
            catch (Exception)
            {
                // The app's own logs must never take it down: count and move on (they are on the console too).
                Interlocked.Add(ref _dropped, batch.Count);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stop.CancelAfter(_options.DisposeTimeout);
        try
        {
            await _pump.WaitAsync(_options.DisposeTimeout + TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
