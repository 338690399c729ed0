using System.Runtime.InteropServices;

namespace Observability.Transport.Kafka.Native;

/// <summary>
/// The few librdkafka functions <see cref="KafkaBatchProducer"/> calls, bound to the very file Confluent.Kafka loaded
/// (a second copy of the library would be a second, unrelated librdkafka in the process). Confluent loads it on first
/// use; the file is then found in <c>/proc/self/maps</c> (Linux only).
/// </summary>
internal static unsafe class Librdkafka
{
    public const int ProducerType = 0;
    public const int ConfOk = 0;
    public const int MsgFlagCopy = 0x2;
    public const int ErrQueueFull = -184;
    public const int ErrFatal = -150;
    public const int ErrMsgSizeTooLarge = 10;

    private static readonly Lazy<string> LoadedPath = new(Load);

#pragma warning disable CA2211, SA1401 // bound once in Load, read-only afterwards; fields for call speed
    public static delegate* unmanaged[Cdecl]<nint> ConfNew;
    public static delegate* unmanaged[Cdecl]<nint, void> ConfDestroy;
    public static delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int> ConfSet;
    public static delegate* unmanaged[Cdecl]<nint, nint, void> ConfSetOpaque;
    public static delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, RdKafkaMessage*, nint, void>, void> ConfSetDrMsgCb;
    public static delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, int, byte*, nint, void>, void> ConfSetErrorCb;
    public static delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, int, byte*, byte*, void>, void> ConfSetLogCb;
    public static delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint> New;
    public static delegate* unmanaged[Cdecl]<nint, void> Destroy;
    public static delegate* unmanaged[Cdecl]<nint, nint> Opaque;
    public static delegate* unmanaged[Cdecl]<nint, byte*, nint, nint> TopicNew;
    public static delegate* unmanaged[Cdecl]<nint, void> TopicDestroy;
    public static delegate* unmanaged[Cdecl]<nint, int, int> Poll;
    public static delegate* unmanaged[Cdecl]<nint, int, int> Flush;
    public static delegate* unmanaged[Cdecl]<nint, int> OutqLen;
    public static delegate* unmanaged[Cdecl]<nint, RdKafkaVu*, nuint, nint> Produceva;
    public static delegate* unmanaged[Cdecl]<nint, int> ErrorCode;
    public static delegate* unmanaged[Cdecl]<nint, void> ErrorDestroy;
    public static delegate* unmanaged[Cdecl]<nint, byte*, nuint, int> FatalError;
    public static delegate* unmanaged[Cdecl]<nint, byte*> Name;
#pragma warning restore CA2211, SA1401

    /// <summary>Binds the functions (once); returns the librdkafka file they come from.</summary>
    public static string Bind() => LoadedPath.Value;

    /// <summary>The librdkafka file mapped into this process, if any.</summary>
    public static string? FindLoadedPath()
    {
        if (!File.Exists("/proc/self/maps"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).Contains("librdkafka", StringComparison.Ordinal))
            {
                return line[slash..].Trim();
            }
        }

        return null;
    }

    private static string Load()
    {
        _ = Confluent.Kafka.Library.Version; // makes Confluent.Kafka load its librdkafka
        var path = FindLoadedPath()
            ?? throw new PlatformNotSupportedException("the librdkafka Confluent.Kafka loaded was not found in /proc/self/maps (the batch producer needs Linux)");
        var library = NativeLibrary.Load(path);
        nint Export(string name) => NativeLibrary.GetExport(library, name);
        ConfNew = (delegate* unmanaged[Cdecl]<nint>)Export("rd_kafka_conf_new");
        ConfDestroy = (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_conf_destroy");
        ConfSet = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, byte*, nuint, int>)Export("rd_kafka_conf_set");
        ConfSetOpaque = (delegate* unmanaged[Cdecl]<nint, nint, void>)Export("rd_kafka_conf_set_opaque");
        ConfSetDrMsgCb = (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, RdKafkaMessage*, nint, void>, void>)Export("rd_kafka_conf_set_dr_msg_cb");
        ConfSetErrorCb = (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, int, byte*, nint, void>, void>)Export("rd_kafka_conf_set_error_cb");
        ConfSetLogCb = (delegate* unmanaged[Cdecl]<nint, delegate* unmanaged[Cdecl]<nint, int, byte*, byte*, void>, void>)Export("rd_kafka_conf_set_log_cb");
        New = (delegate* unmanaged[Cdecl]<int, nint, byte*, nuint, nint>)Export("rd_kafka_new");
        Destroy = (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_destroy");
        Opaque = (delegate* unmanaged[Cdecl]<nint, nint>)Export("rd_kafka_opaque");
        TopicNew = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint>)Export("rd_kafka_topic_new");
        TopicDestroy = (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_topic_destroy");
        Poll = (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_poll");
        Flush = (delegate* unmanaged[Cdecl]<nint, int, int>)Export("rd_kafka_flush");
        OutqLen = (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_outq_len");
        Produceva = (delegate* unmanaged[Cdecl]<nint, RdKafkaVu*, nuint, nint>)Export("rd_kafka_produceva");
        ErrorCode = (delegate* unmanaged[Cdecl]<nint, int>)Export("rd_kafka_error_code");
        ErrorDestroy = (delegate* unmanaged[Cdecl]<nint, void>)Export("rd_kafka_error_destroy");
        FatalError = (delegate* unmanaged[Cdecl]<nint, byte*, nuint, int>)Export("rd_kafka_fatal_error");
        Name = (delegate* unmanaged[Cdecl]<nint, byte*>)Export("rd_kafka_name");
        return path;
    }
}
