using System.Runtime.InteropServices;

namespace Observability.Transport.Kafka.Native;

/// <summary>
/// librdkafka's <c>rd_kafka_vu_t</c> (rdkafka.h): one typed argument of <c>rd_kafka_produceva</c>. A 4-byte type tag,
/// then a union padded to 64 bytes at offset 8; 72 bytes in all (asserted in a test).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct RdKafkaVu
{
    public const int End = 0;
    public const int Rkt = 2;
    public const int Value = 4;
    public const int Key = 5;
    public const int Opaque = 6;
    public const int MsgFlags = 7;
    public const int Header = 9;

    /// <summary><c>rd_kafka_vtype_t vtype</c>.</summary>
    [FieldOffset(0)]
    public int Type;

    /// <summary><c>u.ptr</c>, <c>u.rkt</c>, <c>u.mem.ptr</c>, <c>u.header.name</c>.</summary>
    [FieldOffset(8)]
    public nint Pointer;

    /// <summary><c>u.i</c> (flags).</summary>
    [FieldOffset(8)]
    public int Int;

    /// <summary><c>u.mem.size</c>, or <c>u.header.val</c>.</summary>
    [FieldOffset(16)]
    public nint Second;

    /// <summary><c>u.header.size</c>.</summary>
    [FieldOffset(24)]
    public nint Third;

    public static RdKafkaVu Of(int type, nint pointer, nint second = 0, nint third = 0) =>
        new() { Type = type, Pointer = pointer, Second = second, Third = third };
}
