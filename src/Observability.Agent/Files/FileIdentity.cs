using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using Observability.Agent.Native;

namespace Observability.Agent.Files;

/// <summary>
/// How a file is recognised independently of its path. A file at least <c>FingerprintBytes</c> long is
/// identified by the hash of its first bytes (<c>fp:…</c>), so a rename keeps its identity and a reused inode
/// with other content does not. A shorter file is identified by device+inode plus the hash of its first line
/// (<c>ino:…</c>); when it grows past the fingerprint size its checkpoint gains the fingerprint but keeps the id,
/// so event ids never change for the same bytes.
/// </summary>
public readonly record struct FileIdentity(string Id, string? Fingerprint, string InodeId)
{
    /// <summary>Identifies the open file, or returns null while it has no complete first line (nothing to read yet).</summary>
    public static FileIdentity? Compute(SafeFileHandle handle, FileStatus status, int fingerprintBytes)
    {
        var want = (int)Math.Min(status.Size, fingerprintBytes);
        if (want <= 0)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(want);
        try
        {
            var n = ReadFully(handle, buffer.AsSpan(0, want));
            return FromHead(buffer.AsSpan(0, n), status.Device, status.Inode, fingerprintBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The identity of a file whose first bytes (up to <paramref name="fingerprintBytes"/>) are <paramref name="head"/>.</summary>
    public static FileIdentity? FromHead(ReadOnlySpan<byte> head, ulong device, ulong inode, int fingerprintBytes)
    {
        var newline = head.IndexOf((byte)'\n');
        string? fingerprint = head.Length >= fingerprintBytes ? Hex(XxHash64.HashToUInt64(head[..fingerprintBytes])) : null;
        if (fingerprint is null && newline < 0)
        {
            return null;
        }

        // The first line (or the whole head when the line is longer than it) tells inode reuse apart.
        var firstLine = newline >= 0 ? head[..newline] : head;
        var inodeId = $"ino:{device:x}:{inode:x}:{Hex(XxHash64.HashToUInt64(firstLine))}";
        return new FileIdentity(fingerprint is null ? inodeId : "fp:" + fingerprint, fingerprint, inodeId);
    }

    /// <summary>
    /// Whether a file with this identity holds the bytes <paramref name="entry"/> describes: the same fingerprint, or for a
    /// file shorter than the fingerprint size the same first line (the caller checks device and inode where they apply;
    /// a compressed copy has others).
    /// </summary>
    public bool Matches(CheckpointEntry entry) =>
        entry.Fingerprint is not null
            ? Fingerprint == entry.Fingerprint
            : entry.Id.StartsWith("ino:", StringComparison.Ordinal) && entry.Id.EndsWith(InodeId[InodeId.LastIndexOf(':')..], StringComparison.Ordinal);

    /// <summary>The hash the checkpoint keeps once the file reached the fingerprint size (null before).</summary>
    public static string? FingerprintOf(SafeFileHandle handle, int fingerprintBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(fingerprintBytes);
        try
        {
            var n = ReadFully(handle, buffer.AsSpan(0, fingerprintBytes));
            return n >= fingerprintBytes ? Hex(XxHash64.HashToUInt64(buffer.AsSpan(0, n))) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadFully(SafeFileHandle handle, Span<byte> into)
    {
        var total = 0;
        while (total < into.Length)
        {
            var n = RandomAccess.Read(handle, into[total..], total);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static string Hex(ulong v) => v.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
