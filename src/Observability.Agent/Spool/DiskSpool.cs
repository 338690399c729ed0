using System.Globalization;
using Microsoft.Extensions.Logging;
using Observability.Agent.Native;
using Observability.Core.Transport;

namespace Observability.Agent.Spool;

/// <summary>
/// A bounded, ordered, crash-safe queue of batches on disk: one file per batch named by a sequence number,
/// written to a temporary name, fsync'ed and renamed, so a file that exists is complete.
/// </summary>
public sealed class DiskSpool
{
    private const string Extension = ".spool";
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, long> _files = []; // sequence -> bytes
    private long _nextSequence;
    private long _bytes;
    private long _reserved;
    private long _corrupt;

    public DiskSpool(string directory, long maxBytes, ILogger logger)
    {
        _directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        foreach (var f in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                var len = new FileInfo(f).Length;
                _files[seq] = len;
                _bytes += len;
                _nextSequence = Math.Max(_nextSequence, seq + 1);
            }
        }

        foreach (var tmp in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(tmp); // a batch being written when the process died was never acknowledged
        }
    }

    public long Bytes { get { lock (_lock) { return _bytes; } } }

    public int Batches { get { lock (_lock) { return _files.Count; } } }

    public bool IsEmpty => Batches == 0;

    public long CorruptBatches => Interlocked.Read(ref _corrupt);

    /// <summary>
    /// Reserves room for a batch of this size, atomically, so concurrent writers never overshoot the bound together
    /// (an empty spool takes any one batch). Follow with <see cref="Append"/>.
    /// </summary>
    public bool TryReserve(long bytes)
    {
        lock (_lock)
        {
            if ((_files.Count == 0 && _reserved == 0) || _bytes + _reserved + bytes <= _maxBytes)
            {
                _reserved += bytes;
                return true;
            }

            return false;
        }
    }

    /// <summary>Writes a batch durably (room reserved with <see cref="TryReserve"/>); returns its size in bytes.</summary>
    public long Append(byte[] encoded)
    {
        long seq;
        lock (_lock)
        {
            seq = _nextSequence++;
        }

        var path = PathOf(seq);
        var tmp = path + ".tmp";
        try
        {
            Write(tmp, path, encoded);
        }
        catch
        {
            lock (_lock)
            {
                _reserved -= encoded.Length;
            }

            throw;
        }

        lock (_lock)
        {
            _reserved -= encoded.Length;
            _files[seq] = encoded.Length;
            _bytes += encoded.Length;
        }

        return encoded.Length;
    }

    private void Write(string tmp, string path, byte[] encoded)
    {
        using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            fs.Write(encoded);
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, path);
        FileStatus.SyncDirectory(_directory);
    }

    /// <summary>The oldest batch, or null when the spool is empty. Damaged files are moved aside (and counted).</summary>
    public (long Sequence, List<TransportMessage> Messages)? PeekOldest()
    {
        while (true)
        {
            long seq;
            lock (_lock)
            {
                if (_files.Count == 0)
                {
                    return null;
                }

                seq = _files.Keys.First();
            }

            try
            {
                return (seq, SpoolCodec.Decode(File.ReadAllBytes(PathOf(seq))));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentOutOfRangeException)
            {
                Interlocked.Increment(ref _corrupt);
                _logger.LogError(ex, "Spooled batch {Sequence} is damaged; moved aside as {Path}.corrupt", seq, PathOf(seq));
                try
                {
                    File.Move(PathOf(seq), PathOf(seq) + ".corrupt", overwrite: true);
                }
                catch (IOException)
                {
                }

                Forget(seq);
            }
        }
    }

    /// <summary>The batch was delivered: remove it.</summary>
    public void Remove(long sequence)
    {
        File.Delete(PathOf(sequence));
        Forget(sequence);
    }

    private void Forget(long seq)
    {
        lock (_lock)
        {
            if (_files.Remove(seq, out var len))
            {
                _bytes -= len;
            }
        }
    }

    private string PathOf(long seq) => Path.Combine(_directory, seq.ToString("D16", CultureInfo.InvariantCulture) + Extension);
}
