using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Observability.Agent.Native;

namespace Observability.Agent.Files;

/// <summary>
/// Per-file acknowledged offsets, persisted atomically: written to a temporary file, fsync'ed, renamed over the
/// old one, and the directory fsync'ed — a crash leaves either the old or the new state, never a torn file.
/// Only the agent's send loop touches it (no locking).
/// </summary>
public sealed class CheckpointStore
{
    public const string FileName = "checkpoints.json";
    private static readonly TimeSpan PruneAfter = TimeSpan.FromDays(14);

    private readonly string _directory;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, CheckpointEntry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByFingerprint = new(StringComparer.Ordinal);
    private bool _dirty;

    public CheckpointStore(string directory, TimeProvider time, ILogger logger)
    {
        _directory = Path.GetFullPath(directory);
        _path = Path.Combine(_directory, FileName);
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        Load();
    }

    public string FilePath => _path;

    /// <summary>The checkpoint directory (the agent's own, writable: also where .gz rotations are inflated).</summary>
    public string DirectoryPath => _directory;

    public int Count => _byId.Count;

    public bool IsDirty => _dirty;

    public IReadOnlyCollection<CheckpointEntry> Entries => _byId.Values;

    public CheckpointEntry? Get(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The newest generation of a file whose content was replaced by truncation (copytruncate).</summary>
    public CheckpointEntry? Latest(CheckpointEntry? entry)
    {
        for (var hops = 0; entry?.Successor is not null && hops < 1000; hops++)
        {
            var next = Get(entry.Successor);
            if (next is null)
            {
                break;
            }

            entry = next;
        }

        return entry;
    }

    public void SetSuccessor(string id, string successor)
    {
        if (_byId.TryGetValue(id, out var e) && e.Successor != successor)
        {
            e.Successor = successor;
            _dirty = true;
        }
    }

    public CheckpointEntry? FindByFingerprint(string fingerprint) =>
        _idByFingerprint.TryGetValue(fingerprint, out var id) ? _byId.GetValueOrDefault(id) : null;

    /// <summary>Records (or moves forward) the acknowledged offset of a file.</summary>
    public void Set(string id, long offset, string? fingerprint, ulong device, ulong inode, string path, long size, bool compressed = false, string? livePath = null)
    {
        if (!_byId.TryGetValue(id, out var e))
        {
            e = new CheckpointEntry { Id = id, CreatedMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };
            _byId[id] = e;
        }

        if (fingerprint is not null && e.Fingerprint != fingerprint)
        {
            if (e.Fingerprint is not null)
            {
                _idByFingerprint.Remove(e.Fingerprint);
            }

            e.Fingerprint = fingerprint;
            _idByFingerprint[fingerprint] = id;
        }

        // Two tailers may share an id (a copy of a file being read, e.g. copytruncate's backup): their content is
        // the same up to both offsets, so the larger acknowledged offset is right for both.
        e.Offset = Math.Max(e.Offset, offset);
        e.Device = device;
        e.Inode = inode;
        e.Path = path;
        e.LivePath = livePath == path ? null : livePath;
        e.Size = size;
        e.Compressed = compressed;
        e.UpdatedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _dirty = true;
    }

    public void Remove(string id)
    {
        if (_byId.Remove(id, out var e))
        {
            if (e.Fingerprint is not null)
            {
                _idByFingerprint.Remove(e.Fingerprint);
            }

            _dirty = true;
        }
    }

    /// <summary>Writes the state if it changed since the last save: temp file, fsync, rename, fsync directory.</summary>
    public void Save()
    {
        if (!_dirty)
        {
            return;
        }

        var tmp = _path + ".tmp";
        var state = new CheckpointFile { Version = 1, Files = [.. _byId.Values] };
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            JsonSerializer.Serialize(fs, state, CheckpointJsonContext.Default.CheckpointFile);
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, _path, overwrite: true);
        FileStatus.SyncDirectory(_directory);
        _dirty = false;
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            var bytes = File.ReadAllBytes(_path);
            var state = JsonSerializer.Deserialize(bytes, CheckpointJsonContext.Default.CheckpointFile);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var e in state?.Files ?? [])
            {
                if (string.IsNullOrEmpty(e.Id) || e.Offset < 0 || now - e.UpdatedMs > (long)PruneAfter.TotalMilliseconds)
                {
                    continue;
                }

                _byId[e.Id] = e;
                if (e.Fingerprint is not null)
                {
                    _idByFingerprint[e.Fingerprint] = e.Id;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            // A damaged checkpoint file must not stop the agent: keep it for inspection and start over (files
            // are re-read from their start; the store drops the duplicates by event id).
            var aside = _path + ".corrupt";
            _logger.LogError(ex, "Checkpoint file {Path} is unreadable; moved to {Aside}, files will be re-read from the start", _path, aside);
            File.Move(_path, aside, overwrite: true);
        }
    }
}

internal sealed class CheckpointFile
{
    public int Version { get; set; }

    public List<CheckpointEntry> Files { get; set; } = [];
}

[JsonSerializable(typeof(CheckpointFile))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
