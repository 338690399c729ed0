using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Observability.Agent.Files;

/// <summary>
/// <see cref="Core.Documents.EventIds.From(string, long)"/> without allocating: the identity's UTF-8 bytes are
/// kept once per file and the 32 hex characters are written straight into the event's buffer. A test checks
/// that both give the same id.
/// </summary>
public sealed class EventIdWriter
{
    private readonly byte[] _input;
    private readonly int _identityLength;

    public EventIdWriter(string identity)
    {
        _identityLength = Encoding.UTF8.GetByteCount(identity);
        _input = new byte[_identityLength + 8];
        Encoding.UTF8.GetBytes(identity, _input);
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(long offset, Span<byte> dest)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_input.AsSpan(_identityLength), offset);
        var hash = XxHash128.HashToUInt128(_input);
        Span<byte> raw = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(raw, hash);
        for (var i = 0; i < 16; i++)
        {
            dest[2 * i] = HexDigits[raw[i] >> 4];
            dest[(2 * i) + 1] = HexDigits[raw[i] & 0xF];
        }
    }
}
