using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Observability.Core.Transport;

namespace Observability.Agent.Spool;

/// <summary>
/// One spooled batch on disk: magic "OBSP", version, message count, then per message topic, key, traceparent and
/// value (length-prefixed), and an XxHash32 of everything before it so a torn or damaged file is recognised.
/// </summary>
internal static class SpoolCodec
{
    private static ReadOnlySpan<byte> Magic => "OBSP"u8;

    public static byte[] Encode(IReadOnlyList<TransportMessage> messages)
    {
        var size = 12;
        foreach (var m in messages)
        {
            size += 16 + Encoding.UTF8.GetByteCount(m.Topic) + Len(m.Key) + Len(m.TraceParent) + m.Value.Length;
        }

        var buf = new byte[size + 4];
        var w = 0;
        Magic.CopyTo(buf);
        w += 4;
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(w), 1);
        w += 4;
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(w), messages.Count);
        w += 4;
        foreach (var m in messages)
        {
            WriteString(buf, ref w, m.Topic);
            WriteString(buf, ref w, m.Key);
            WriteString(buf, ref w, m.TraceParent);
            BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(w), m.Value.Length);
            w += 4;
            m.Value.Span.CopyTo(buf.AsSpan(w));
            w += m.Value.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(w), XxHash32.HashToUInt32(buf.AsSpan(0, w)));
        return buf.AsSpan(0, w + 4).ToArray();
    }

    /// <summary>Decodes a spooled batch; throws <see cref="InvalidDataException"/> when the file is damaged.</summary>
    public static List<TransportMessage> Decode(byte[] data)
    {
        if (data.Length < 16 || !data.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a spool file");
        }

        var body = data.AsSpan(0, data.Length - 4);
        if (XxHash32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4)))
        {
            throw new InvalidDataException("spool file checksum mismatch");
        }

        var r = 8;
        var count = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(r));
        r += 4;
        var list = new List<TransportMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var topic = ReadString(data, ref r) ?? throw new InvalidDataException("message without topic");
            var key = ReadString(data, ref r);
            var trace = ReadString(data, ref r);
            var len = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(r));
            r += 4;
            list.Add(new TransportMessage(topic, key, new ReadOnlyMemory<byte>(data, r, len), trace));
            r += len;
        }

        return list;
    }

    private static int Len(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);

    private static void WriteString(byte[] buf, ref int w, string? s)
    {
        if (s is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(w), -1);
            w += 4;
            return;
        }

        var n = Encoding.UTF8.GetBytes(s, buf.AsSpan(w + 4));
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(w), n);
        w += 4 + n;
    }

    private static string? ReadString(byte[] data, ref int r)
    {
        var n = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(r));
        r += 4;
        if (n < 0)
        {
            return null;
        }

        var s = Encoding.UTF8.GetString(data, r, n);
        r += n;
        return s;
    }
}
