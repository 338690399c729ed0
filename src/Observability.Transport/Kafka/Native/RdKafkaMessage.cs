using System.Runtime.InteropServices;

namespace Observability.Transport.Kafka.Native;

/// <summary>
/// librdkafka's <c>rd_kafka_message_t</c> (rdkafka.h) on 64-bit platforms, as a delivery report hands it over. Only
/// <see cref="Err"/> and <see cref="Private"/> (the message's opaque: our batch id) are read; the size is asserted in a test.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct RdKafkaMessage
{
    /// <summary><c>rd_kafka_resp_err_t err</c>: 0 when delivered.</summary>
    [FieldOffset(0)]
    public int Err;

    /// <summary><c>rd_kafka_topic_t *rkt</c>.</summary>
    [FieldOffset(8)]
    public nint Topic;

    [FieldOffset(16)]
    public int Partition;

    [FieldOffset(24)]
    public nint Payload;

    [FieldOffset(32)]
    public nuint Length;

    [FieldOffset(40)]
    public nint Key;

    [FieldOffset(48)]
    public nuint KeyLength;

    [FieldOffset(56)]
    public long Offset;

    /// <summary><c>void *_private</c>: the per-message opaque given at produce time.</summary>
    [FieldOffset(64)]
    public nint Private;
}
