using System.Buffers;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace Observability.Agent.Files;

/// <summary>
/// A <c>.gz</c> rotation of a file the agent had not finished (the kubelet and logrotate compress rotated logs a
/// while after renaming them). Its head (for identity) and the bytes after the checkpointed offset are inflated into
/// an unlinked temporary file, sparse in between, so the ordinary tailer reads it at the file's own offsets and the
/// events get the same ids they would have had from the uncompressed file.
/// </summary>
internal static class CompressedRotation
{
    /// <summary>A decompression bomb stops here (the kubelet's default rotation size is 10 MiB).</summary>
    public const long MaxInflatedBytes = 4L << 30;

    public static bool IsCompressed(string path) => path.EndsWith(".gz", StringComparison.Ordinal);

    /// <summary>The first <paramref name="count"/> decompressed bytes (fewer when the content is shorter).</summary>
    public static byte[] ReadHead(string path, int count)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var buffer = new byte[count];
        var n = gz.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return n == count ? buffer : buffer[..n];
    }

    /// <summary>Inflates <paramref name="path"/> into an unlinked file in <paramref name="directory"/>: bytes [0, headBytes) and [from, end).</summary>
    /// <returns>The handle of the copy (its length is the decompressed length).</returns>
    public static SafeFileHandle Inflate(string path, long from, int headBytes, string directory, out long length)
    {
        var temporary = Path.Combine(directory, $"inflate-{Guid.NewGuid():N}.tmp");
        var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Delete(temporary); // a crash leaves nothing behind; the handle keeps the bytes until it is closed
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            long position = 0;
            int n;
            while ((n = gz.Read(buffer)) > 0)
            {
                if (position < headBytes)
                {
                    RandomAccess.Write(handle, buffer.AsSpan(0, (int)Math.Min(n, headBytes - position)), position);
                }

                if (position + n > from)
                {
                    var skip = (int)Math.Max(0, from - position);
                    RandomAccess.Write(handle, buffer.AsSpan(skip, n - skip), position + skip);
                }

                position += n;
                if (position > MaxInflatedBytes)
                {
                    throw new InvalidDataException($"{path} inflates to more than {MaxInflatedBytes} bytes");
                }
            }

            RandomAccess.SetLength(handle, position);
            length = position;
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
