using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Observability.Core.Documents;

/// <summary>
/// Deterministic document ids. An id is a hash of where the event came from (source identity, such as
/// a file fingerprint, and the byte offset in that source), never random, so a retry or a replay after a
/// crash produces the same id and the store drops the duplicate.
/// </summary>
public static class EventIds
{
    /// <summary>Length of every id in characters (128-bit hash as lower-case hex).</summary>
    public const int Length = 32;

    public static string From(string sourceIdentity, long offset)
    {
        Span<byte> buffer = stackalloc byte[512];
        var max = Encoding.UTF8.GetMaxByteCount(sourceIdentity.Length) + 8;
        var bytes = max <= buffer.Length ? buffer : new byte[max];
        var n = Encoding.UTF8.GetBytes(sourceIdentity, bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[n..], offset);
        return Hash(bytes[..(n + 8)]);
    }

    /// <summary>An id for a document that has no offset, from its identifying parts (e.g. host, metric set, timestamp).</summary>
    public static string FromParts(params ReadOnlySpan<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts)
        {
            sb.Append(p.Length).Append(':').Append(p).Append('|');
        }

        return Hash(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static string Hash(ReadOnlySpan<byte> data)
    {
        var hash = XxHash128.HashToUInt128(data);
        Span<byte> raw = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(raw, hash);
        return Convert.ToHexStringLower(raw);
    }
}
