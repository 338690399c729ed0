using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Observability.Core.Telemetry;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>How a producer's step over a batch ended: all handed over (or rejected one by one), librdkafka's queue full, or the handle stopped.</summary>
internal enum ProduceStep
{
    Done,
    QueueFull,
    Stopped,
}

/// <summary>
/// Hands the batch's messages to <paramref name="handle"/> from <paramref name="next"/> on, advancing it past each one
/// handed over (<paramref name="produced"/>) or rejected on its own (<see cref="DeliveryCountdown.Rejected"/>).
/// </summary>
internal delegate ProduceStep ProduceFrom<in THandle>(THandle handle, long batchId, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, ref int next, ref int produced);

/// <summary>
/// What <see cref="KafkaMessageProducer"/> and <see cref="KafkaBatchProducer"/> share: a batch enters the current
/// handle generation, its messages go out through the producer's <see cref="ProduceFrom{THandle}"/> (waiting while
/// librdkafka's queue is full: backpressure, never drop), its task completes when every report is in, and the outcome
/// is classified (<see cref="DeliveryCountdown.ThrowIfFailed"/>). Fatal errors replace the handle (<see cref="ProducerGenerations{THandle}"/>).
/// </summary>
internal sealed class ProducerCore<THandle>
    where THandle : ProducerGeneration
{
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(2);

    private readonly KafkaOptions _options;
    private readonly ILogger _logger;
    private readonly ProduceFrom<THandle> _produceFrom;
    private int _disposed;

    public ProducerCore(KafkaOptions options, ILogger logger, Func<int, Action<THandle, Error>, THandle> create, ProduceFrom<THandle> produceFrom)
    {
        _options = options;
        _logger = logger;
        _produceFrom = produceFrom;
        Generations = new ProducerGenerations<THandle>(create, logger, Telemetry.Counter("recreated"));
    }

    /// <summary>
    /// What the producer did since it started, on meter <c>Observability.Kafka.Producer</c>: messages <c>received</c>
    /// (handed to librdkafka), <c>sent</c> (acknowledged with <c>acks=all</c>, counted when their batch completes),
    /// <c>failed{delivery}</c>, <c>queue_full_waits</c> (backpressure from librdkafka's local queue) and <c>recreated</c>
    /// (a fatal error replaced the handle).
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = new ComponentTelemetry("Kafka.Producer")
        .With(TelemetryNames.Received).With(TelemetryNames.Sent).With(TelemetryNames.Failed, "delivery").With("queue_full_waits").With("recreated");

    public ProducerGenerations<THandle> Generations { get; }

    public async Task ProduceAsync(object owner, IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, owner);
        if (messages.Count == 0)
        {
            return;
        }

        var handle = Generations.Enter();
        var countdown = new DeliveryCountdown(messages.Count, Telemetry.Counter(TelemetryNames.Sent), Telemetry.Counter(TelemetryNames.Failed).Part("delivery"), error => Generations.OnFatal(handle, error));
        var batchId = handle.Register(countdown);
        try
        {
            await ProduceAndWaitAsync(handle, batchId, messages, countdown, cancellationToken);
        }
        finally
        {
            handle.Unregister(batchId);
        }
    }

    /// <summary>Waits for in-flight messages (up to <see cref="KafkaOptions.FlushTimeoutMs"/>), then closes; batches still waiting fail (transient).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Telemetry.Dispose();

        var left = await Generations.CloseAsync(TimeSpan.FromMilliseconds(_options.FlushTimeoutMs));
        if (left > 0)
        {
            _logger.LogWarning("Kafka producer closed with {Undelivered} messages undelivered; their batches fail", left);
        }
    }

    private async Task ProduceAndWaitAsync(THandle handle, long batchId, IReadOnlyList<TransportMessage> messages, DeliveryCountdown countdown, CancellationToken cancellationToken)
    {
        var next = 0; // messages handed over or rejected so far; those from here on were never handed to librdkafka
        var produced = 0;
        Exception? stoppedBy = null;
        try
        {
            while (_produceFrom(handle, batchId, messages, countdown, ref next, ref produced) == ProduceStep.QueueFull)
            {
                // librdkafka's queue is full: wait for deliveries to make room (backpressure, never drop).
                Telemetry.Counter("queue_full_waits").Add();
                await Task.Delay(QueueFullWait, cancellationToken);
            }
        }
        catch (KafkaException error)
        {
            countdown.RecordError(error.Error);
            stoppedBy = error;
        }
        catch (OperationCanceledException error)
        {
            stoppedBy = error;
        }
        finally
        {
            handle.Exit();
            Telemetry.Counter(TelemetryNames.Received).Add(produced);
            countdown.ProducingFinished(messages.Count - next);
        }

        // Messages already handed over are delivered or fail on their own (or are abandoned when their handle is
        // destroyed); the caller stops waiting on cancel.
        await countdown.Completion.WaitAsync(cancellationToken);
        countdown.ThrowIfFailed(messages.Count, handle.ClosedBy, stoppedBy);
    }
}
