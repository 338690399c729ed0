using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Observability.Agent.Native;

namespace Observability.Agent.Files;

/// <summary>
/// One file being followed: its identity, its open handle (kept while the file is active, also after it was
/// renamed away or deleted, so it is read to its end), the offset read so far and the offset acknowledged.
/// Turns bytes into lines and lines into events in the current batch.
/// </summary>
internal sealed partial class FileTailer : IDisposable
{
    private readonly ContainerLogDecoder? _container;
    private MultilineAggregator? _multiline;
    private bool _atEof;

    public FileTailer(string path, FileStatus status, FileIdentity identity, string id, long offset, LogEventEncoder encoder)
    {
        Encoder = encoder;
        SetPath(path);
        LivePath = path;
        Device = status.Device;
        Inode = status.Inode;
        Size = status.Size;
        Identity = identity;
        Id = id;
        IdWriter = new EventIdWriter(id);
        ReadOffset = offset;
        AckedOffset = offset;
        if (encoder.Dataset == ContainerLogDecoder.Dataset)
        {
            _container = new ContainerLogDecoder(ContainerPath.Fields(path));
        }
    }

    public string Path { get; private set; } = string.Empty;

    public byte[] PathJson { get; private set; } = [];

    /// <summary>The path an include pattern leads (or led) to this file by; a file finished out of the patterns keeps its old one.</summary>
    public string LivePath { get; set; }

    public ulong Device { get; }

    public ulong Inode { get; }

    public FileIdentity Identity { get; private set; }

    /// <summary>The identity event ids derive from (the checkpoint key); stable for the file's bytes.</summary>
    public string Id { get; }

    public EventIdWriter IdWriter { get; }

    public SafeFileHandle? Handle { get; private set; }

    /// <summary>Encodes this file's events (and so gives them its dataset).</summary>
    public LogEventEncoder Encoder { get; }

    public long ReadOffset { get; private set; }

    public long AckedOffset { get; set; }

    public long Size { get; set; }

    public DateTimeOffset LastDataAt { get; set; }

    /// <summary>The path no longer leads to this file (renamed away or deleted): read to the end, then let go.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public bool SeenInScan { get; set; }

    /// <summary>When this agent began following the file: rotations of its path modified later and unknown were never seen.</summary>
    public DateTimeOffset FollowedSince { get; init; }

    /// <summary>
    /// The handle is a private, already complete copy inflated from a <c>.gz</c> rotation (Device/Inode/Path are the .gz
    /// file's): it never grows or gets truncated, and its checkpoint is marked compressed.
    /// </summary>
    public bool IsInflatedCopy { get; init; }

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
                ctx.LinesRead.Add(1);
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
                ctx.ReadErrors.Add();
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
            ctx.BytesRead.Add(n);
        }
    }

    /// <summary>Whether the first bytes are still those the identity was computed from (a truncation rewrites them).</summary>
    public bool HeadUnchanged(int fingerprintBytes, SafeFileHandle? handle = null)
    {
        handle ??= Handle;
        if (handle is null || ReadOffset == 0 || IsInflatedCopy)
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
        if (_container is { } c && c.TakePartial(out var partStart))
        {
            // The last part of a line never came: what was read of it is sent, flagged.
            c.BeginEvent();
            EmitEvent(ctx, c.Text, partStart, ReadOffset, c.Flags | EventFlags.NoNewline);
        }

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
            ctx.LinesRead.Add(1);
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

    public void Dispose() => Close();
}
