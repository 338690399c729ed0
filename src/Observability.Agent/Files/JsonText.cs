using System.Buffers;
using System.Runtime.CompilerServices;

namespace Observability.Agent.Files;

/// <summary>
/// Writes valid UTF-8 as the inside of a JSON string: control characters, quote and backslash escaped,
/// everything else copied as is (vectorised search for the bytes that need escaping).
/// </summary>
public static class JsonText
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>Worst case: every byte a control character written as <c>\u00XX</c>.</summary>
    public static int MaxEscapedLength(int length) => length * 6;

    /// <summary>Escapes <paramref name="text"/> into <paramref name="dest"/> (large enough: <see cref="MaxEscapedLength"/>); returns bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Escape(ReadOnlySpan<byte> text, Span<byte> dest)
    {
        var w = 0;
        while (true)
        {
            var i = text.IndexOfAny(NeedsEscape);
            if (i < 0)
            {
                text.CopyTo(dest[w..]);
                return w + text.Length;
            }

            text[..i].CopyTo(dest[w..]);
            w += i;
            var b = text[i];
            dest[w++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"': dest[w++] = (byte)'"'; break;
                case (byte)'\\': dest[w++] = (byte)'\\'; break;
                case (byte)'\n': dest[w++] = (byte)'n'; break;
                case (byte)'\r': dest[w++] = (byte)'r'; break;
                case (byte)'\t': dest[w++] = (byte)'t'; break;
                case (byte)'\b': dest[w++] = (byte)'b'; break;
                case (byte)'\f': dest[w++] = (byte)'f'; break;
                default:
                    dest[w++] = (byte)'u';
                    dest[w++] = (byte)'0';
                    dest[w++] = (byte)'0';
                    dest[w++] = HexDigits[b >> 4];
                    dest[w++] = HexDigits[b & 0xF];
                    break;
            }

            text = text[(i + 1)..];
        }
    }

    /// <summary>A whole JSON string literal (with quotes) for a .NET string, for fragments built once.</summary>
    public static byte[] Quote(string s)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(s);
        var dest = new byte[MaxEscapedLength(utf8.Length) + 2];
        dest[0] = (byte)'"';
        var n = Escape(utf8, dest.AsSpan(1));
        dest[n + 1] = (byte)'"';
        return dest.AsSpan(0, n + 2).ToArray();
    }
}
