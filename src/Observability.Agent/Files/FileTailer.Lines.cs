using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Observability.Agent.Files;

/// <summary>From bytes to events: line splitting, multi-line grouping, limits and encodings, and the event written into the batch.</summary>
internal sealed partial class FileTailer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ProcessLines(ReadContext ctx, ReadOnlySpan<byte> span)
    {
        var consumed = 0;
        if (Skipping)
        {
            var nl = span.IndexOf((byte)'\n');
            if (nl < 0)
            {
                return span.Length;
            }

            consumed = nl + 1;
            Skipping = false;
            AdvanceTo(ctx, ReadOffset + consumed);
        }

        var lines = 0;
        while (!ctx.BatchFull)
        {
            var nl = span[consumed..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            var line = span.Slice(consumed, nl);
            var start = ReadOffset + consumed;
            consumed += nl + 1;
            lines++;
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (_container is not null)
            {
                HandleContainerLine(ctx, line, start, start + nl + 1);
            }
            else if (ctx.Multiline is null)
            {
                EmitEvent(ctx, line, start, start + nl + 1, EventFlags.None);
            }
            else
            {
                HandleMultiline(ctx, line, start, start + nl + 1, EventFlags.None);
            }
        }

        ctx.LinesRead.Add(lines);
        return consumed;
    }

    private void HandleMultiline(ReadContext ctx, ReadOnlySpan<byte> line, long start, long end, EventFlags flags, bool unparsed = false)
    {
        _multiline ??= new MultilineAggregator();
        var isStart = MultilineAggregator.IsStart(ctx.Multiline!, line, ctx);
        if (_multiline.EndsBefore(isStart, ctx.Options.Multiline!.MaxLines))
        {
            FlushMultiline(ctx);
        }

        if (!_multiline.HasPending)
        {
            BeginContainerEvent(unparsed);
        }

        _multiline.Append(line, start, end, flags, ctx.Options.MaxEventBytes, ctx.Now);
    }

    /// <summary>A container runtime's line: parts are joined first; the whole line is then an event or a line of a multi-line one.</summary>
    private void HandleContainerLine(ReadContext ctx, ReadOnlySpan<byte> line, long start, long end)
    {
        var c = _container!;
        var result = c.Decode(line, start, ctx.Options.MaxEventBytes);
        if (result == ContainerLogDecoder.Result.Partial)
        {
            return; // acknowledged with the part that completes it
        }

        var unparsed = result == ContainerLogDecoder.Result.Unparsed;
        var text = unparsed ? line : c.Text;
        var from = unparsed ? start : c.Start;
        var flags = unparsed ? EventFlags.None : c.Flags;
        if (ctx.Multiline is null)
        {
            BeginContainerEvent(unparsed);
            EmitEvent(ctx, text, from, end, flags);
        }
        else
        {
            HandleMultiline(ctx, text, from, end, flags, unparsed);
        }
    }

    private void BeginContainerEvent(bool unparsed)
    {
        if (unparsed)
        {
            _container?.BeginUnparsedEvent();
        }
        else
        {
            _container?.BeginEvent();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AdvanceTo(ReadContext ctx, long end)
    {
        ctx.LinesSkipped.Add(1);
        if (_multiline is { HasPending: true } m)
        {
            m.Extend(end);
        }
        else
        {
            ctx.Batch.Advance(this, end);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitEvent(ReadContext ctx, ReadOnlySpan<byte> text, long start, long end, EventFlags flags)
    {
        if (text.IndexOf((byte)0) >= 0)
        {
            var scratch = ctx.EnsureScratch(text.Length);
            var w = 0;
            foreach (var b in text)
            {
                if (b != 0)
                {
                    scratch[w++] = b;
                }
            }

            text = scratch.AsSpan(0, w);
            flags |= EventFlags.NulRemoved;
        }

        if (!Utf8.IsValid(text))
        {
            var fixedText = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text));
            text = fixedText;
            flags |= EventFlags.InvalidUtf8;
            ctx.InvalidUtf8.Add();
        }

        if (text.Length > ctx.Options.MaxEventBytes)
        {
            text = text[..Utf8Boundary(text[..ctx.Options.MaxEventBytes])];
            flags |= EventFlags.Truncated;
        }

        if ((flags & EventFlags.Truncated) != 0)
        {
            ctx.Truncated.Add();
        }

        if (text.IsEmpty)
        {
            AdvanceTo(ctx, end);
            return;
        }

        var enc = Encoder;
        ReadOnlySpan<byte> timestamp = ctx.TimestampJson.AsSpan(0, ctx.TimestampLength);
        ReadOnlySpan<byte> extra = default;
        if (ctx.Options.JsonLines && text.TrimStart(" \t"u8) is [(byte)'{', ..])
        {
            if (JsonLineParser.TryParse(text, ctx.JsonExtra, out var message, out var ts))
            {
                extra = ctx.JsonExtra.WrittenSpan;
                text = message ?? text;
                timestamp = ts ?? timestamp;
            }
            else
            {
                flags |= EventFlags.JsonInvalid;
            }
        }

        if (_container is { } c)
        {
            extra = c.ExtraFields(extra, withStream: c.EventParsed);
            if (timestamp.SequenceEqual(ctx.TimestampJson.AsSpan(0, ctx.TimestampLength)) && c.EventTimeJson.Length > 0)
            {
                timestamp = c.EventTimeJson; // the runtime's time, unless the line's own JSON had one
            }
        }

        var created = ctx.TimestampJson.AsSpan(0, ctx.TimestampLength);
        var dest = ctx.Batch.Reserve(enc.MaxLength(text.Length, PathJson.Length, extra.Length + timestamp.Length + created.Length + 12));
        var n = enc.Write(dest, timestamp, text, PathJson, IdWriter, start, flags, extra, created);
        ctx.Batch.Commit(n, ctx.Options.Topic, enc.HostName);
        ctx.Batch.Advance(this, end);
    }

    /// <summary>Length of <paramref name="bytes"/> without a UTF-8 sequence cut at its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Utf8Boundary(ReadOnlySpan<byte> bytes)
    {
        var cut = bytes.Length;
        var back = 0;
        while (cut > 0 && back < 4 && (bytes[cut - 1] & 0xC0) == 0x80)
        {
            cut--;
            back++;
        }

        // cut-1 is now a lead byte (or ASCII); drop it too if its sequence does not fit.
        if (cut > 0 && bytes[cut - 1] >= 0xC0)
        {
            var need = bytes[cut - 1] >= 0xF0 ? 4 : bytes[cut - 1] >= 0xE0 ? 3 : 2;
            if (back + 1 < need)
            {
                cut--;
            }
            else
            {
                cut = bytes.Length;
            }
        }
        else if (back > 0)
        {
            cut = bytes.Length;
        }

        return cut;
    }
}
