using System.Text;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Training.Persistence;

/// <summary>
/// Embedded-mode event log: one JSON job snapshot per line, appended and fsynced before the scheduler acts on it.
/// Replay keeps the last snapshot per job; a torn last line (a crash mid-write) is skipped and counted. When the file
/// holds many superseded snapshots it is compacted (rewritten to a temporary file, then renamed over the log).
/// </summary>
public sealed class FileJobEventLog : IJobEventLog
{
    private readonly string _path;
    private readonly Dictionary<string, JobRecord> _latest = new(StringComparer.Ordinal);
    private FileStream? _stream;
    private long _lines;

    private readonly int _compactAfterLines;

    /// <param name="path">The log file.</param>
    /// <param name="compactAfterLines">Compact once the file has this many lines and four times more than live jobs.</param>
    public FileJobEventLog(string path, int compactAfterLines = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(compactAfterLines, 1);
        _compactAfterLines = compactAfterLines;
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
    }

    /// <summary>Lines that could not be read at the last load (torn or corrupt).</summary>
    public int SkippedLines { get; private set; }

    public Task<IReadOnlyList<JobRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        _latest.Clear();
        var (records, skipped, lines) = ReadSnapshot(_path);
        SkippedLines = skipped;
        _lines = lines;
        foreach (var r in records)
        {
            _latest[r.JobId] = r;
        }

        return Task.FromResult<IReadOnlyList<JobRecord>>(records);
    }

    /// <summary>Reads the latest snapshot per job without taking the log over (used by <c>obs jobs</c>).</summary>
    public static (List<JobRecord> Records, int Skipped, long Lines) ReadSnapshot(string path)
    {
        var latest = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        var skipped = 0;
        long lines = 0;
        if (!File.Exists(path))
        {
            return ([], 0, 0);
        }

        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(fs, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            lines++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var r = TrainJson.Deserialize<JobRecord>(Encoding.UTF8.GetBytes(line));
                latest[r.JobId] = r;
            }
            catch (System.Text.Json.JsonException)
            {
                skipped++;
            }
        }

        return (latest.Values.OrderBy(r => r.SubmittedAt).ToList(), skipped, lines);
    }

    public async Task AppendAsync(IReadOnlyList<JobRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        _stream ??= Open();
        var buffer = new MemoryStream();
        foreach (var r in records)
        {
            buffer.Write(TrainJson.Serialize(r));
            buffer.WriteByte((byte)'\n');
            _latest[r.JobId] = r;
        }

        await _stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        _stream.Flush(flushToDisk: true);
        _lines += records.Count;
        if (_lines > _compactAfterLines && _lines > 4L * _latest.Count)
        {
            Compact();
        }
    }

    private FileStream Open()
    {
        // A torn last line must not glue onto the next snapshot.
        var fs = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
        if (fs.Length > 0)
        {
            using var check = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            check.Seek(-1, SeekOrigin.End);
            if (check.ReadByte() != '\n')
            {
                fs.WriteByte((byte)'\n');
            }
        }

        return fs;
    }

    private void Compact()
    {
        var tmp = _path + ".compact";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            foreach (var r in _latest.Values.OrderBy(r => r.SubmittedAt))
            {
                fs.Write(TrainJson.Serialize(r));
                fs.WriteByte((byte)'\n');
            }

            fs.Flush(flushToDisk: true);
        }

        _stream?.Dispose();
        File.Move(tmp, _path, overwrite: true);
        _stream = Open();
        _lines = _latest.Count;
    }

    public ValueTask DisposeAsync()
    {
        _stream?.Dispose();
        _stream = null;
        return ValueTask.CompletedTask;
    }
}
