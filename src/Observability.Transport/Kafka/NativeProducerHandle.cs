using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Observability.Transport.Kafka.Native;

namespace Observability.Transport.Kafka;

/// <summary>
/// One <c>rd_kafka_t</c> of a <see cref="KafkaBatchProducer"/>, built from the same settings as Confluent's producer
/// (<see cref="KafkaClientConfig.ForProducer"/>: idempotent, <c>acks=all</c>, compression). Messages go in with
/// <c>rd_kafka_produceva</c> (librdkafka copies key, value and header), each carrying its batch id as opaque; a poll
/// thread serves the delivery reports, which only read the error code and the batch id and count the batch down.
/// Error and log callbacks go to the service log as Confluent's do. A closed handle is retired like
/// <see cref="ProducerHandle"/>: producing loops leave, the queue drains, the handle is destroyed, waiting batches fail.
/// </summary>
internal sealed class NativeProducerHandle : ProducerGeneration
{
    private const int PollMs = 100;

    private readonly ILogger _logger;
    private readonly Action<NativeProducerHandle, Error> _onFatal;
    private readonly GCHandle _self;
    private readonly Thread _poller;
    private readonly ConcurrentDictionary<string, nint> _topics = new(StringComparer.Ordinal);
    private readonly Lock _topicLock = new();
    private volatile bool _stopPolling;

    // Consecutive reports mostly belong to the same batch: one reference, so a reader never pairs one batch's id with another's countdown.
    private LastBatch? _lastBatch;

    public unsafe NativeProducerHandle(int generation, ProducerConfig config, ILogger logger, Action<NativeProducerHandle, Error> onFatal)
        : base(generation)
    {
        Librdkafka.Bind();
        _logger = logger;
        _onFatal = onFatal;
        var conf = Librdkafka.ConfNew();
        try
        {
            foreach (var (key, value) in config)
            {
                // dotnet.* keys are Confluent.Kafka's own, not librdkafka's.
                if (value is not null && !key.StartsWith("dotnet.", StringComparison.Ordinal))
                {
                    Set(conf, key, value);
                }
            }
        }
        catch
        {
            Librdkafka.ConfDestroy(conf);
            throw;
        }

        _self = GCHandle.Alloc(this);
        Librdkafka.ConfSetOpaque(conf, GCHandle.ToIntPtr(_self));
        Librdkafka.ConfSetDrMsgCb(conf, &OnDeliveryReport);
        Librdkafka.ConfSetErrorCb(conf, &OnClientError);
        Librdkafka.ConfSetLogCb(conf, &OnClientLog);
        var errstr = stackalloc byte[512];
        Rk = Librdkafka.New(Librdkafka.ProducerType, conf, errstr, 512);
        if (Rk == 0)
        {
            Librdkafka.ConfDestroy(conf); // rd_kafka_new frees the configuration only on success
            _self.Free();
            throw new KafkaException(new Error(ErrorCode.Local_Fail, $"librdkafka could not create the producer: {Marshal.PtrToStringUTF8((nint)errstr)}"));
        }

        _poller = new Thread(PollLoop) { IsBackground = true, Name = $"obs-kafka-poll-{generation}" };
        _poller.Start();
    }

    /// <summary>The <c>rd_kafka_t*</c>, for fixtures (e.g. raising a fatal error in a test).</summary>
    public nint Rk { get; }

    /// <summary>Hands one message to librdkafka (copied); 0 or the <c>rd_kafka_resp_err_t</c> that refused it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe int Produce(nint topic, byte[]? key, ReadOnlySpan<byte> value, string? traceParent, long batchId)
    {
        var vus = stackalloc RdKafkaVu[6];
        var count = 0;
        vus[count++] = RdKafkaVu.Of(RdKafkaVu.Rkt, topic);
        vus[count++] = RdKafkaVu.Of(RdKafkaVu.MsgFlags, Librdkafka.MsgFlagCopy);
        vus[count++] = RdKafkaVu.Of(RdKafkaVu.Opaque, (nint)batchId);
        Span<byte> header = traceParent is null || traceParent.Length > 256 ? default : stackalloc byte[traceParent.Length];
        if (traceParent is not null && header.Length < traceParent.Length)
        {
            header = Encoding.ASCII.GetBytes(traceParent);
        }
        else if (traceParent is not null)
        {
            Encoding.ASCII.GetBytes(traceParent, header);
        }

        fixed (byte* k = key)
        fixed (byte* v = value)
        fixed (byte* h = header)
        fixed (byte* name = "traceparent\0"u8)
        {
            if (key is not null)
            {
                vus[count++] = RdKafkaVu.Of(RdKafkaVu.Key, (nint)k, key.Length);
            }

            vus[count++] = RdKafkaVu.Of(RdKafkaVu.Value, (nint)v, value.Length);
            if (traceParent is not null)
            {
                vus[count++] = RdKafkaVu.Of(RdKafkaVu.Header, (nint)name, (nint)h, header.Length);
            }

            var error = Librdkafka.Produceva(Rk, vus, (nuint)count);
            if (error == 0)
            {
                return 0;
            }

            var code = Librdkafka.ErrorCode(error);
            Librdkafka.ErrorDestroy(error);
            return code;
        }
    }

    /// <summary>The topic's <c>rd_kafka_topic_t*</c>, created on first use and kept until the handle is destroyed.</summary>
    public unsafe nint Topic(string name)
    {
        if (_topics.TryGetValue(name, out var topic))
        {
            return topic;
        }

        lock (_topicLock)
        {
            if (!_topics.TryGetValue(name, out topic))
            {
                var utf8 = Encoding.UTF8.GetBytes(name + "\0");
                fixed (byte* n = utf8)
                {
                    topic = Librdkafka.TopicNew(Rk, n, 0);
                }

                if (topic == 0)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_InvalidArg, $"librdkafka refused topic '{name}'"));
                }

                _topics[name] = topic;
            }
        }

        return topic;
    }

    /// <summary>The handle's fatal error as librdkafka records it (the code that caused it, fatal flag set).</summary>
    public unsafe Error FatalError(string fallback)
    {
        var reason = stackalloc byte[512];
        var code = Librdkafka.FatalError(Rk, reason, 512);
        return code == 0
            ? new Error(ErrorCode.Local_Fatal, fallback, true)
            : new Error((ErrorCode)code, Marshal.PtrToStringUTF8((nint)reason) ?? fallback, true);
    }

    public override async Task<int> ShutdownAsync(TimeSpan drain, Error abandonWith)
    {
        await WaitForProducingLoopsAsync();

        var left = await Task.Run(() => Destroy(drain));

        AbandonWaiting(abandonWith);

        return left;
    }

    /// <summary>Drains up to <paramref name="drain"/>, stops polling and destroys the handle; returns the messages left.</summary>
    private unsafe int Destroy(TimeSpan drain)
    {
        // The poll thread stops first: rd_kafka_flush serves the remaining reports itself, on this thread alone.
        _stopPolling = true;
        _poller.Join();
        Librdkafka.Flush(Rk, (int)Math.Min(int.MaxValue, drain.TotalMilliseconds));
        var undelivered = Librdkafka.OutqLen(Rk);
        foreach (var topic in _topics.Values)
        {
            Librdkafka.TopicDestroy(topic);
        }

        Librdkafka.Destroy(Rk); // joins librdkafka's threads: no callback can arrive after this
        _self.Free();
        return undelivered;
    }

    private static unsafe void Set(nint conf, string key, string value)
    {
        var errstr = stackalloc byte[512];
        fixed (byte* k = Encoding.UTF8.GetBytes(key + "\0"))
        fixed (byte* v = Encoding.UTF8.GetBytes(value + "\0"))
        {
            if (Librdkafka.ConfSet(conf, k, v, errstr, 512) != Librdkafka.ConfOk)
            {
                throw new KafkaException(new Error(ErrorCode.Local_InvalidArg, $"librdkafka setting '{key}': {Marshal.PtrToStringUTF8((nint)errstr)}"));
            }
        }
    }

    private static NativeProducerHandle? FromOpaque(nint opaque) =>
        opaque == 0 ? null : GCHandle.FromIntPtr(opaque).Target as NativeProducerHandle;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OnDeliveryReport(nint rk, RdKafkaMessage* message, nint opaque)
    {
        try
        {
            FromOpaque(opaque)?.OnDelivery(message->Err, message->Private);
        }
        catch (Exception ex)
        {
            // Nothing may unwind into librdkafka; a report that cannot be counted leaves its batch to the shutdown.
            Console.Error.WriteLine($"obs: Kafka delivery report failed: {ex}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnClientError(nint rk, int err, byte* reason, nint opaque)
    {
        try
        {
            FromOpaque(opaque)?.OnError(err, Marshal.PtrToStringUTF8((nint)reason) ?? "");
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"obs: Kafka error callback failed: {ex}");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void OnClientLog(nint rk, int level, byte* facility, byte* text)
    {
        try
        {
            if (FromOpaque(Librdkafka.Opaque(rk)) is { } handle)
            {
                var name = Marshal.PtrToStringUTF8((nint)Librdkafka.Name(rk)) ?? "";
                KafkaClientLog.OnLog(handle._logger, new LogMessage(name, (SyslogLevel)level, Marshal.PtrToStringUTF8((nint)facility) ?? "", Marshal.PtrToStringUTF8((nint)text) ?? ""));
            }
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"obs: Kafka log callback failed: {ex}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnDelivery(int err, nint batchId)
    {
        var last = Volatile.Read(ref _lastBatch);
        DeliveryCountdown countdown;
        if (last is not null && last.Id == batchId)
        {
            countdown = last.Countdown;
        }
        else if (TryGetWaiting(batchId, out countdown))
        {
            Volatile.Write(ref _lastBatch, new LastBatch(batchId, countdown));
        }
        else
        {
            return; // its caller stopped waiting (cancelled); nothing to count
        }

        countdown.Report(err switch
        {
            0 => null,
            Librdkafka.ErrFatal => FatalError("the message failed on a fatal error"),
            _ => new Error((ErrorCode)err),
        });
    }

    private void OnError(int err, string reason)
    {
        var error = err == Librdkafka.ErrFatal ? FatalError(reason) : new Error((ErrorCode)err, reason);
        KafkaClientLog.OnError(_logger, error);
        if (error.IsFatal)
        {
            _onFatal(this, error);
        }
    }

    private unsafe void PollLoop()
    {
        while (!_stopPolling)
        {
            Librdkafka.Poll(Rk, PollMs);
        }
    }

    private sealed record LastBatch(long Id, DeliveryCountdown Countdown);
}
