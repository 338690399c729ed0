using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;
using Observability.Agent.Native;

namespace Observability.Agent.Files;

/// <summary>
/// One file being followed: its identity, its open handle (kept while the file is active, also after it was
/// renamed away or deleted, so it is read to its end), the offset read so far and the offset acknowledged.
/// Turns bytes into lines and lines into events in the current batch.
/// </summary>
internal sealed class FileTailer : IDisposable
{
    private MultilineAggregator? _multiline;
    private bool _atEof;

    public FileTailer(string path, FileStatus status, FileIdentity identity, string id, long offset)
    {
        SetPath(path);
        Device = status.Device;
        Inode = status.Inode;
        Size = status.Size;
        Identity = identity;
        Id = id;
        IdWriter = new EventIdWriter(id);
        ReadOffset = offset;
        AckedOffset = offset;
    }

    public string Path { get; private set; } = string.Empty;

    public byte[] PathJson { get; private set; } = [];

    public ulong Device { get; }

    public ulong Inode { get; }

    public FileIdentity Identity { get; private set; }

    /// <summary>The identity event ids derive from (the checkpoint key); stable for the file's bytes.</summary>
    public string Id { get; }

    public EventIdWriter IdWriter { get; }

    public SafeFileHandle? Handle { get; private set; }

    /// <summary>Encodes this file's events (its dataset); null: the read context's default.</summary>
    public LogEventEncoder? Encoder { get; init; }

    public long ReadOffset { get; private set; }

    public long AckedOffset { get; set; }

    public long Size { get; set; }

    public DateTimeOffset LastDataAt { get; set; }

    /// <summary>The path no longer leads to this file (renamed away or deleted): read to the end, then let go.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public bool SeenInScan { get; set; }

    public bool Skipping { get; private set; }

    public bool HasPendingMultiline => _multiline?.HasPending == true;

    public DateTimeOffset PendingSince => _multiline?.LastLineAt ?? DateTimeOffset.MaxValue;

    public void SetPath(string path)
    {
        Path = path;
        PathJson = JsonText.Quote(path);
    }

    public void Open(SafeFileHandle handle) => Handle = handle;

    public void Close()
    {
        Handle?.Dispose();
        Handle = null;
    }

    public void UpgradeFingerprint(string fingerprint) => Identity = Identity with { Fingerprint = fingerprint };

    /// <summary>Reads and turns complete lines into events until the batch is full or the file's end is reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadResult Read(ReadContext ctx)
    {
        if (Handle is null)
        {
            return ReadResult.EndOfFile;
        }

        var win = ctx.Window;
        if (!ReferenceEquals(win.Owner, this) || ReadOffset < win.FileOffset || ReadOffset > win.FileOffset + win.Length)
        {
            win.Owner = this;
            win.FileOffset = ReadOffset;
            win.Length = 0;
        }

        var max = ctx.Options.MaxEventBytes;
        var any = false;
        while (true)
        {
            var start = (int)(ReadOffset - win.FileOffset);
            var avail = win.Data.AsSpan(start, win.Length - start);
            var consumed = ProcessLines(ctx, avail);
            ReadOffset += consumed;
            if (ctx.BatchFull)
            {
                return ReadResult.Data;
            }

            var rest = avail.Length - consumed;
            if (rest > max && !Skipping)
            {
                // No newline within MaxEventBytes: send the beginning (cut on a character boundary), skip to the newline.
                var line = avail.Slice(consumed, max);
                var cut = Utf8Boundary(line);
                ctx.Stats.AddLinesRead(1);
                EmitEvent(ctx, line[..cut], ReadOffset, ReadOffset + cut, EventFlags.Truncated);
                ReadOffset += cut;
                Skipping = true;
                continue;
            }

            // Keep the unfinished line and read more behind it.
            start = (int)(ReadOffset - win.FileOffset);
            if (start > 0)
            {
                win.Data.AsSpan(start, win.Length - start).CopyTo(win.Data);
                win.Length -= start;
                win.FileOffset = ReadOffset;
            }

            if (win.Length == win.Data.Length)
            {
                win.Grow(Math.Min(win.Data.Length * 2, max + 1));
            }

            int n;
            try
            {
                n = RandomAccess.Read(Handle, win.Data.AsSpan(win.Length), win.FileOffset + win.Length);
            }
            catch (IOException)
            {
                ctx.Stats.AddReadError();
                return ReadResult.Error;
            }

            if (n > 0 && _atEof)
            {
                // New bytes after a pause at the end: make sure they continue this content and are not a rewrite
                // after a truncation that already grew past our offset (copytruncate with a fast writer).
                _atEof = false;
                if (!HeadUnchanged(ctx.Options.FingerprintBytes))
                {
                    return ReadResult.Truncated;
                }
            }

            if (n <= 0)
            {
                _atEof = !any;
                if (!any && FileStatus.Of(Handle) is { } st)
                {
                    Size = st.Size;
                    if (st.Size < ReadOffset)
                    {
                        return ReadResult.Truncated;
                    }
                }

                return any ? ReadResult.Data : ReadResult.EndOfFile;
            }

            any = true;
            win.Length += n;
            Size = Math.Max(Size, win.FileOffset + win.Length);
            LastDataAt = ctx.Now;
            ctx.Stats.AddBytesRead(n);
        }
    }

    /// <summary>Whether the first bytes are still those the identity was computed from (a truncation rewrites them).</summary>
    public bool HeadUnchanged(int fingerprintBytes, SafeFileHandle? handle = null)
    {
        handle ??= Handle;
        if (handle is null || ReadOffset == 0)
        {
            return true;
        }

        if (Identity.Fingerprint is { } fp)
        {
            return FileIdentity.FingerprintOf(handle, fingerprintBytes) == fp;
        }

        var st = FileStatus.Of(handle) ?? default;
        var now = FileIdentity.Compute(handle, st, fingerprintBytes);
        if (now is { Fingerprint: { } grown } && now.Value.InodeId == Identity.InodeId)
        {
            UpgradeFingerprint(grown); // the short file reached the fingerprint size: the checkpoint learns it
        }

        return now is null || now.Value.InodeId == Identity.InodeId;
    }

    /// <summary>Sends what is left when the file is let go: a pending multi-line event and a last line without newline.</summary>
    public void FlushRemainder(ReadContext ctx)
    {
        FlushMultiline(ctx);
        if (Handle is null || Skipping)
        {
            return;
        }

        var length = (int)Math.Min(Math.Max(0, Size - ReadOffset), ctx.Options.MaxEventBytes);
        if (length <= 0)
        {
            return;
        }

        var buffer = ctx.EnsureScratch(length);
        var n = RandomAccess.Read(Handle, buffer.AsSpan(0, length), ReadOffset);
        if (n > 0)
        {
            var text = buffer.AsSpan(0, n).ToArray();
            ctx.Stats.AddLinesRead(1);
            EmitEvent(ctx, text, ReadOffset, ReadOffset + n, EventFlags.NoNewline);
            ReadOffset += n;
        }
    }

    public void FlushMultiline(ReadContext ctx)
    {
        if (_multiline is { HasPending: true } m)
        {
            var text = m.Text.ToArray();
            var (start, end, flags) = (m.Start, m.End, m.Flags);
            m.Clear();
            EmitEvent(ctx, text, start, end, flags);
        }
    }

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

            if (ctx.Multiline is null)
            {
                EmitEvent(ctx, line, start, start + nl + 1, EventFlags.None);
            }
            else
            {
                HandleMultiline(ctx, line, start, start + nl + 1);
            }
        }

        ctx.Stats.AddLinesRead(lines);
        return consumed;
    }

    private void HandleMultiline(ReadContext ctx, ReadOnlySpan<byte> line, long start, long end)
    {
        _multiline ??= new MultilineAggregator();
        var isStart = MultilineAggregator.IsStart(ctx.Multiline!, line, ctx);
        if (_multiline.EndsBefore(isStart, ctx.Options.Multiline!.MaxLines))
        {
            FlushMultiline(ctx);
        }

        _multiline.Append(line, start, end, EventFlags.None, ctx.Options.MaxEventBytes, ctx.Now);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AdvanceTo(ReadContext ctx, long end)
    {
        ctx.Stats.AddLinesSkipped(1);
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
            ctx.Stats.AddInvalidUtf8();
        }

        if (text.Length > ctx.Options.MaxEventBytes)
        {
            text = text[..Utf8Boundary(text[..ctx.Options.MaxEventBytes])];
            flags |= EventFlags.Truncated;
        }

        if ((flags & EventFlags.Truncated) != 0)
        {
            ctx.Stats.AddTruncated();
        }

        if (text.IsEmpty)
        {
            AdvanceTo(ctx, end);
            return;
        }

        var enc = Encoder ?? ctx.Encoder;
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

        var dest = ctx.Batch.Reserve(enc.MaxLength(text.Length, PathJson.Length, extra.Length + timestamp.Length));
        var n = enc.Write(dest, timestamp, text, PathJson, IdWriter, start, flags, extra);
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

    public void Dispose() => Close();
}

internal enum ReadResult
{
    Data,
    EndOfFile,
    Truncated,
    Error,
}
