using System.Globalization;
using System.Text.Json;

namespace Observability.Agent.Files;

/// <summary>
/// Lines of a container runtime's log file (dataset <c>container</c>): CRI (<c>&lt;RFC3339Nano&gt; &lt;stream&gt; &lt;P|F&gt; &lt;log&gt;</c>,
/// what containerd and CRI-O write under <c>/var/log/pods</c>) and Docker's json-file
/// (<c>{"log":"…\n","stream":"stdout","time":"…"}</c>). A long line arrives in parts (CRI <c>P</c>, Docker without the
/// final <c>\n</c>); the parts are joined until the last one, and the joined line is one event (or one line of a
/// multi-line event), acknowledged only with its last part. The runtime's time becomes <c>@timestamp</c>, the stream
/// <c>stream</c>; the path's pod and container names come from <see cref="ContainerPath"/>. One per tailer.
/// </summary>
internal sealed class ContainerLogDecoder(byte[] pathFields)
{
    public const string Dataset = "container";

    private byte[] _joined = new byte[4096];
    private int _joinedLength;
    private long _joinedStart = -1;
    private EventFlags _joinedFlags;
    private byte[] _decoded = new byte[4096];
    private byte[] _extra = new byte[256];
    private bool _lineStderr;
    private bool _eventStderr;
    private readonly byte[] _lineTime = new byte[40];
    private int _lineTimeLength;
    private readonly byte[] _eventTime = new byte[40];
    private int _eventTimeLength;

    public enum Result
    {
        Complete,
        Partial,
        Unparsed,
    }

    public bool HasPartial => _joinedStart >= 0;

    /// <summary>The text of the last <see cref="Result.Complete"/> line (all its parts joined), valid until the next call.</summary>
    public ReadOnlySpan<byte> Text => _joined.AsSpan(0, _joinedLength);

    /// <summary>File offset where the line's first part starts.</summary>
    public long Start { get; private set; }

    public EventFlags Flags { get; private set; }

    /// <summary>The current event came from a line in one of the formats (so its stream is known).</summary>
    public bool EventParsed { get; private set; }

    /// <summary>The event's time as a JSON string (empty: the runtime's time was missing or unreadable).</summary>
    public ReadOnlySpan<byte> EventTimeJson => _eventTime.AsSpan(0, _eventTimeLength);

    public Result Decode(ReadOnlySpan<byte> line, long start, int maxBytes)
    {
        ReadOnlySpan<byte> content;
        bool partial;
        if (line is [(byte)'{', ..])
        {
            if (!TryDocker(line, out content, out partial))
            {
                return Result.Unparsed;
            }
        }
        else if (!TryCri(line, out content, out partial))
        {
            return Result.Unparsed;
        }

        if (_joinedStart < 0)
        {
            _joinedStart = start;
            _joinedLength = 0;
            _joinedFlags = EventFlags.None;
        }

        Append(content, maxBytes);
        if (partial)
        {
            return Result.Partial;
        }

        Start = _joinedStart;
        Flags = _joinedFlags;
        _joinedStart = -1;
        return Result.Complete;
    }

    /// <summary>The parts read so far of a line whose last part never came (the file is let go).</summary>
    public bool TakePartial(out long start)
    {
        start = _joinedStart;
        if (_joinedStart < 0)
        {
            return false;
        }

        Flags = _joinedFlags;
        _joinedStart = -1;
        return true;
    }

    /// <summary>The line just decoded begins an event: its stream and time become the event's.</summary>
    public void BeginEvent()
    {
        EventParsed = true;
        _eventStderr = _lineStderr;
        _lineTime.AsSpan(0, _lineTimeLength).CopyTo(_eventTime);
        _eventTimeLength = _lineTimeLength;
    }

    /// <summary>A line that is neither format begins an event: it keeps the read time and no stream.</summary>
    public void BeginUnparsedEvent()
    {
        EventParsed = false;
        _eventTimeLength = 0;
        _eventStderr = false;
    }

    /// <summary>The path's fields, the stream, then <paramref name="more"/> (e.g. parsed JSON fields), as JSON members.</summary>
    public ReadOnlySpan<byte> ExtraFields(ReadOnlySpan<byte> more, bool withStream)
    {
        var stream = !withStream ? default : _eventStderr ? ",\"stream\":\"stderr\""u8 : ",\"stream\":\"stdout\""u8;
        var need = pathFields.Length + stream.Length + more.Length;
        if (_extra.Length < need)
        {
            _extra = new byte[need * 2];
        }

        pathFields.CopyTo(_extra, 0);
        stream.CopyTo(_extra.AsSpan(pathFields.Length));
        more.CopyTo(_extra.AsSpan(pathFields.Length + stream.Length));
        return _extra.AsSpan(0, need);
    }

    private void Append(ReadOnlySpan<byte> content, int maxBytes)
    {
        if (_joinedLength + content.Length > maxBytes)
        {
            content = content[..Math.Max(0, maxBytes - _joinedLength)];
            _joinedFlags |= EventFlags.Truncated;
        }

        if (_joined.Length < _joinedLength + content.Length)
        {
            Array.Resize(ref _joined, Math.Max(_joinedLength + content.Length, _joined.Length * 2));
        }

        content.CopyTo(_joined.AsSpan(_joinedLength));
        _joinedLength += content.Length;
    }

    private bool TryCri(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> content, out bool partial)
    {
        content = default;
        partial = false;
        var s1 = line.IndexOf((byte)' ');
        if (s1 <= 0)
        {
            return false;
        }

        var rest = line[(s1 + 1)..];
        var s2 = rest.IndexOf((byte)' ');
        if (s2 <= 0 || !TryStream(rest[..s2], out var stderr))
        {
            return false;
        }

        rest = rest[(s2 + 1)..];
        var s3 = rest.IndexOf((byte)' ');
        var tag = s3 < 0 ? rest : rest[..s3];
        if (tag is not ([(byte)'P', ..] or [(byte)'F', ..]) || !SetLineTime(line[..s1]))
        {
            return false;
        }

        _lineStderr = stderr;
        partial = tag[0] == (byte)'P';
        content = s3 < 0 ? default : rest[(s3 + 1)..];
        return true;
    }

    private bool TryDocker(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> content, out bool partial)
    {
        content = default;
        partial = false;
        _lineTimeLength = 0;
        bool? stderr = null;
        var haveLog = false;
        var decodedLength = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("log"u8) ? 1 : reader.ValueTextEquals("stream"u8) ? 2 : reader.ValueTextEquals("time"u8) ? 3 : 0;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                if (name == 1)
                {
                    var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (_decoded.Length < length)
                    {
                        _decoded = new byte[Math.Max(length, _decoded.Length * 2)];
                    }

                    decodedLength = reader.CopyString(_decoded);
                    haveLog = true;
                }
                else if (name == 2 && TryStream(reader.ValueSpan, out var e))
                {
                    stderr = e;
                }
                else if (name == 3 && !reader.ValueIsEscaped)
                {
                    SetLineTime(reader.ValueSpan);
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (!haveLog || stderr is null)
        {
            return false;
        }

        _lineStderr = stderr.Value;
        content = _decoded.AsSpan(0, decodedLength);
        // Docker splits lines longer than 16 KiB: every part but the last lacks the newline.
        partial = content is not [.., (byte)'\n'];
        if (!partial)
        {
            content = content[..^1];
            if (content is [.., (byte)'\r'])
            {
                content = content[..^1];
            }
        }

        return true;
    }

    private static bool TryStream(ReadOnlySpan<byte> s, out bool stderr)
    {
        stderr = s.SequenceEqual("stderr"u8);
        return stderr || s.SequenceEqual("stdout"u8);
    }

    /// <summary>RFC 3339 with up to nanoseconds (.NET parses 7 fraction digits: the rest is cut), written as events' times are.</summary>
    private bool SetLineTime(ReadOnlySpan<byte> text)
    {
        _lineTimeLength = 0;
        if (text.Length is < 20 or > 40)
        {
            return false;
        }

        Span<char> chars = stackalloc char[40];
        var n = 0;
        var fraction = -1;
        foreach (var b in text)
        {
            if (b == (byte)'.')
            {
                fraction = 0;
            }
            else if (fraction >= 0 && b is >= (byte)'0' and <= (byte)'9')
            {
                if (++fraction > 7)
                {
                    continue;
                }
            }
            else
            {
                fraction = -1;
            }

            chars[n++] = (char)b;
        }

        if (!DateTimeOffset.TryParse(chars[..n], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return false;
        }

        _lineTime[0] = (byte)'"';
        var w = LogEventEncoder.FormatTimestamp(t, _lineTime.AsSpan(1));
        _lineTime[w + 1] = (byte)'"';
        _lineTimeLength = w + 2;
        return true;
    }
}
