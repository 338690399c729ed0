using System.Text;
using System.Text.RegularExpressions;

namespace Observability.Agent.Files;

/// <summary>
/// Joins the lines of one file into multi-line events: a line matching the start pattern begins a new event,
/// every other line is appended to the current one. The event's bytes are kept until it is complete (next start
/// line, <c>MaxLines</c>, the flush timeout, or the file let go); its lines are not acknowledged before that.
/// </summary>
internal sealed class MultilineAggregator
{
    private const int MatchPrefixBytes = 2048;

    private byte[] _buffer = new byte[4096];

    public int Length { get; private set; }

    public int Lines { get; private set; }

    public long Start { get; private set; }

    public long End { get; private set; }

    public EventFlags Flags { get; private set; }

    public DateTimeOffset LastLineAt { get; private set; }

    public ReadOnlySpan<byte> Text => _buffer.AsSpan(0, Length);

    public bool HasPending => Lines > 0;

    public static bool IsStart(Regex start, ReadOnlySpan<byte> line, ReadContext ctx)
    {
        var prefix = line.Length > MatchPrefixBytes ? line[..MatchPrefixBytes] : line;
        var chars = ctx.EnsureChars(prefix.Length);
        var n = Encoding.UTF8.GetChars(prefix, chars);
        return start.IsMatch(chars.AsSpan(0, n));
    }

    /// <summary>Whether the line being read (a start line when <paramref name="isStartLine"/>) must be sent as part of a new event (the pending one is complete).</summary>
    public bool EndsBefore(bool isStartLine, int maxLines) => Lines > 0 && (isStartLine || Lines >= maxLines);

    public void Append(ReadOnlySpan<byte> line, long start, long end, EventFlags flags, int maxBytes, DateTimeOffset now)
    {
        if (Lines == 0)
        {
            Start = start;
            Length = 0;
            Flags = flags;
        }
        else
        {
            Flags |= flags | EventFlags.Multiline;
            if (Length < maxBytes)
            {
                Put("\n"u8, maxBytes);
            }
        }

        if (Length + line.Length > maxBytes)
        {
            Flags |= EventFlags.Truncated;
        }

        Put(line, maxBytes);
        End = end;
        Lines++;
        LastLineAt = now;
    }

    /// <summary>A line that made no text (e.g. the rest of an over-long line) still belongs to the pending event.</summary>
    public void Extend(long end) => End = Math.Max(End, end);

    public void Clear()
    {
        Lines = 0;
        Length = 0;
        Flags = EventFlags.None;
        if (_buffer.Length > 1024 * 1024)
        {
            _buffer = new byte[4096];
        }
    }

    private void Put(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        var room = maxBytes + 4 - Length;
        if (bytes.Length > room)
        {
            bytes = bytes[..Math.Max(0, room)];
        }

        if (_buffer.Length < Length + bytes.Length)
        {
            Array.Resize(ref _buffer, Math.Max(Length + bytes.Length, _buffer.Length * 2));
        }

        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }
}
