using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Observability.Agent.Native;

namespace Observability.Agent.Files;

/// <summary>Discovery: new files, renames, truncation, removal, inactive handles.</summary>
public sealed partial class FileAgent
{
    private readonly Lock _tailersLock = new();
    private readonly Dictionary<(ulong Device, ulong Inode), FileTailer> _tailers = [];
    private readonly HashSet<string> _warnedPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<(ulong, ulong), DateTimeOffset> _ignoredOld = [];
    private List<FileTailer> _active = [];

    private List<FileTailer> ActiveTailers() => _active;

    private void Scan(DateTimeOffset now)
    {
        foreach (var t in _tailers.Values)
        {
            t.SeenInScan = false;
        }

        foreach (var path in _discovery.Scan())
        {
            try
            {
                ScanPath(path, now);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Count("read_errors");
                WarnOnce(path, "Cannot read {Path}: {Error}", ex.Message);
            }
        }

        List<FileTailer>? removed = null;
        foreach (var t in _tailers.Values)
        {
            if (!t.SeenInScan && t.RemovedAt is null)
            {
                // Renamed out of the patterns or deleted: the open handle is read to the end before letting go.
                t.RemovedAt = now;
                Count("rotations");
                _logger.LogDebug("{Path} was renamed or removed; reading it to its end", t.Path);
                (removed ??= []).Add(t);
            }
        }

        foreach (var t in removed ?? [])
        {
            // Between two scans the live file may have been rotated more than once: rotations never seen are read too.
            try
            {
                ReadUnseenRotations(Path.GetDirectoryName(t.LivePath) ?? "/", null, [(t.LivePath, t.FollowedSince.ToUnixTimeMilliseconds())], now);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Count("read_errors");
                _logger.LogError(ex, "Looking for rotations of {Path} failed", t.Path);
            }
        }

        RefreshActive();
    }

    private void ScanPath(string path, DateTimeOffset now)
    {
        if (FileStatus.Of(path) is not { } st)
        {
            return; // vanished or a dangling link
        }

        if (st.Kind != FileKind.Regular)
        {
            WarnOnce(path, "Skipping {Path}: not a regular file ({Kind})", st.Kind.ToString());
            return;
        }

        if (_tailers.TryGetValue((st.Device, st.Inode), out var t))
        {
            t.SeenInScan = true;
            if (t.Path != path)
            {
                t.SetPath(path);
                t.LivePath = path;
            }

            var changed = st.Size != t.Size;
            t.Size = st.Size;
            if (t.RemovedAt is not null)
            {
                t.RemovedAt = null; // the file came back under a matching name
            }

            if (st.Size < t.ReadOffset || (changed && !HeadUnchanged(t, path)))
            {
                OnTruncated(t, now);
                return;
            }

            if (t.Handle is null && st.Size > t.ReadOffset)
            {
                t.Open(OpenRead(path));
                t.LastDataAt = now;
            }

            return;
        }

        StartTailer(path, st, now);
    }

    private void StartTailer(string path, FileStatus st, DateTimeOffset now)
    {
        var key = (st.Device, st.Inode);
        if (_options.IgnoreOlder is { } older && now - st.Modified > older)
        {
            if (!_ignoredOld.TryGetValue(key, out var mtime) || mtime != st.Modified)
            {
                _ignoredOld[key] = st.Modified;
                _logger.LogDebug("Ignoring {Path}: not modified since {Modified}", path, st.Modified);
            }

            return;
        }

        _ignoredOld.Remove(key);
        var handle = OpenRead(path);
        FileIdentity? identity;
        try
        {
            identity = FileIdentity.Compute(handle, st, _options.FingerprintBytes);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        if (identity is not { } id)
        {
            handle.Dispose(); // not even one complete line yet
            return;
        }

        var entry = id.Fingerprint is not null ? _checkpoints!.FindByFingerprint(id.Fingerprint) : null;
        entry ??= _checkpoints!.Get(id.InodeId);
        if (entry is not null && entry.Device == st.Device && entry.Inode == st.Inode)
        {
            // The same file whose content was replaced by a truncation: resume its newest generation. A copy of it (other
            // inode, e.g. copytruncate's backup) keeps the matched entry: same bytes, same ids, read from the acknowledged offset.
            entry = _checkpoints!.Latest(entry);
        }
        var tailerId = entry?.Id ?? id.Id;
        var offset = entry?.Offset ?? (_options.StartAtEnd ? st.Size : 0);
        if (offset > st.Size)
        {
            // Shorter than what was acknowledged: the content was replaced while the agent was not looking.
            var successor = $"{tailerId}:t{offset:x}";
            _checkpoints!.SetSuccessor(tailerId, successor);
            tailerId = successor;
            offset = 0;
            Count("truncations");
        }

        var tailer = new FileTailer(path, st, id, tailerId, offset, EncoderFor(path)) { SeenInScan = true, LastDataAt = now, FollowedSince = now };
        tailer.Open(handle);
        lock (_tailersLock)
        {
            _tailers[(st.Device, st.Inode)] = tailer;
        }

        _logger.LogInformation("Tailing {Path} from offset {Offset} as {Dataset} (id {FileId})", path, offset, tailer.Encoder.Dataset, tailerId);
    }

    private bool HeadUnchanged(FileTailer t, string path)
    {
        if (t.Handle is not null)
        {
            return t.HeadUnchanged(_options.FingerprintBytes);
        }

        using var handle = OpenRead(path);
        return t.HeadUnchanged(_options.FingerprintBytes, handle);
    }

    private void OnTruncated(FileTailer t, DateTimeOffset now)
    {
        Count("truncations");
        _logger.LogInformation("{Path} was truncated at {Offset}; reading it again from the start", t.Path, t.ReadOffset);
        if (_ctx!.Window.Owner == t)
        {
            _ctx.Window.Invalidate();
        }

        lock (_tailersLock)
        {
            _tailers.Remove((t.Device, t.Inode));
        }

        var path = t.Path;
        t.Dispose();
        if (FileStatus.Of(path) is { Kind: FileKind.Regular } st && st.Inode == t.Inode)
        {
            var handle = OpenRead(path);
            var identity = FileIdentity.Compute(handle, st, _options.FingerprintBytes);
            handle.Dispose();
            // New content gets a new id (event ids of the old and new bytes must not collide); the old entry points at it.
            var successor = identity is { } id && id.Id != t.Id && _checkpoints!.Get(id.Id) is null ? id.Id : $"{t.Id}:t{t.ReadOffset:x}";
            _checkpoints!.SetSuccessor(t.Id, successor);
            if (identity is { } ident)
            {
                var tailer = new FileTailer(path, st, ident, successor, 0, t.Encoder) { SeenInScan = true, LastDataAt = now, FollowedSince = t.FollowedSince };
                tailer.Open(OpenRead(path));
                _checkpoints.Set(successor, 0, ident.Fingerprint, st.Device, st.Inode, path, st.Size);
                lock (_tailersLock)
                {
                    _tailers[(st.Device, st.Inode)] = tailer;
                }
            }
        }

        RefreshActive();
    }

    private async Task ReleaseIfDoneAsync(FileTailer t, DateTimeOffset now, CancellationToken ct)
    {
        if (t.Handle is null || now - t.LastDataAt < (t.RemovedAt is not null ? _options.CloseRemovedAfter : _options.CloseInactive))
        {
            return;
        }

        if (t.RemovedAt is not null)
        {
            // Let go: whatever is left (a pending multi-line event, a last line without newline) is sent first.
            t.FlushRemainder(_ctx!);
            await DispatchAsync(ct);
            lock (_tailersLock)
            {
                _tailers.Remove((t.Device, t.Inode));
            }

            _logger.LogInformation("Let go of {Path} (renamed or removed) at offset {Offset}", t.Path, t.ReadOffset);
        }
        else
        {
            t.FlushMultiline(_ctx!);
        }

        if (_ctx!.Window.Owner == t)
        {
            _ctx.Window.Invalidate();
        }

        t.Close();
        RefreshActive();
    }

    private void RefreshActive()
    {
        List<FileTailer> active;
        int open;
        lock (_tailersLock)
        {
            active = [.. _tailers.Values.Where(t => t.Handle is not null)];
            open = active.Count;
            Level("files_watched", _tailers.Count);
        }

        _active = active;
        Level("files_open", open);
    }

    private static SafeFileHandle OpenRead(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);

    private void WarnOnce(string path, string template, string detail)
    {
        if (_warnedPaths.Add(path))
        {
#pragma warning disable CA2254 // the two templates above are constants with named properties
            _logger.LogWarning(template, path, detail);
#pragma warning restore CA2254
        }
    }
}
