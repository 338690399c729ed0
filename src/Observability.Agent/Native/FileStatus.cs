using System.Runtime.InteropServices;

namespace Observability.Agent.Native;

/// <summary>What the agent needs to know about a path: type, device, inode, size, times.</summary>
public readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, long Size, DateTimeOffset Modified)
{
    private const ushort TypeMask = 0xF000;

    /// <summary>Follows symlinks (a glob that matches a symlink tails its target). Returns null when the path cannot be stat'ed.</summary>
    public static FileStatus? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Portable(path);
        }

        if (LibC.Statx(LibC.AtFdCwd, path, 0, LibC.StatxBasicStats, out var st) != 0)
        {
            return null;
        }

        return From(st);
    }

    /// <summary>Status of an open handle: the file it points to, even after it was renamed or deleted.</summary>
    public static FileStatus? Of(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStatus(FileKind.Regular, 0, 0, RandomAccess.GetLength(handle), default);
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            return LibC.Statx(fd, string.Empty, LibC.AtEmptyPath, LibC.StatxBasicStats, out var st) != 0 ? null : From(st);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public static FileStatus From(in StatX st)
    {
        var kind = (st.Mode & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0xA000 => FileKind.Symlink,
            0xC000 => FileKind.Socket,
            0x2000 or 0x6000 => FileKind.Device,
            _ => FileKind.Other,
        };
        var dev = ((ulong)st.DevMajor << 32) | st.DevMinor;
        return new FileStatus(kind, dev, st.Inode, (long)st.Size, st.ModifyTime.ToDateTimeOffset());
    }

    private static FileStatus? Portable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Directory.Exists(path) ? new FileStatus(FileKind.Directory, 0, 0, 0, default) : null;
        }

        return new FileStatus(FileKind.Regular, 0, (ulong)StringComparer.Ordinal.GetHashCode(path), info.Length, info.LastWriteTimeUtc);
    }

    /// <summary>fsync a directory so that a rename inside it is durable.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = LibC.Open(directory, LibC.ORdOnly | LibC.ODirectory);
        if (fd < 0)
        {
            return;
        }

        _ = LibC.Fsync(fd);
        _ = LibC.Close(fd);
    }

    internal static int LastError => Marshal.GetLastPInvokeError();
}
