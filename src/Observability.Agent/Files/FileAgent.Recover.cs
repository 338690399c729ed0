using Microsoft.Extensions.Logging;
using Observability.Agent.Native;

namespace Observability.Agent.Files;

/// <summary>
/// Start-up: files the checkpoint store knows but no include glob leads to any more (renamed or compressed while the
/// agent was down) are found by identity in their directory and read to their end, then let go; rotations of a known
/// file that were written and renamed while the agent was down are read too; known files removed before they were
/// finished are counted and logged.
/// </summary>
public sealed partial class FileAgent
{
    private void RecoverUnfinished(DateTimeOffset now)
    {
        var byDirectory = _checkpoints!.Entries
            .Where(e => e.Successor is null && e.Path is not null)
            .GroupBy(e => Path.GetDirectoryName(e.Path!) ?? "/")
            .ToList();
        foreach (var entries in byDirectory)
        {
            try
            {
                RecoverIn(entries.Key, [.. entries], now);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Count("read_errors");
                _logger.LogError(ex, "Looking for unfinished files in {Directory} failed; they are looked for again at the next start", entries.Key);
            }
        }

        RefreshActive();
    }

    private void RecoverIn(string directory, List<CheckpointEntry> entries, DateTimeOffset now)
    {
        var files = new Dictionary<(ulong, ulong), (string Path, FileStatus Status)>();
        foreach (var (path, st) in RegularFiles(directory))
        {
            files.TryAdd((st.Device, st.Inode), (path, st));
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            // Shorter than what was acknowledged (and not a .gz, whose size says nothing): other content on a reused inode.
            if (files.TryGetValue((e.Device, e.Inode), out var found) && (found.Status.Size >= e.Offset || CompressedRotation.IsCompressed(found.Path))
                && IdentityOf(found.Path, found.Status) is { } id && id.Matches(e))
            {
                claimed.Add(found.Path);
                ResumeKnown(found.Path, found.Status, id, e, now);
                continue;
            }

            // Compressed since it was last seen (a new inode): recognised by its decompressed head.
            var gz = files.Values.FirstOrDefault(f => CompressedRotation.IsCompressed(f.Path) && !claimed.Contains(f.Path) && IdentityOf(f.Path, f.Status, e) is { } g && g.Matches(e));
            if (gz.Path is not null)
            {
                claimed.Add(gz.Path);
                ResumeInflated(gz.Path, gz.Status, e, e.Offset, now);
                continue;
            }

            if (e.Offset < e.Size)
            {
                Count("files_lost_unfinished");
                _logger.LogWarning("{Path} (id {FileId}) was removed before it was read to its end: bytes {Offset} to {Size} were never shipped",
                    e.Path, e.Id, e.Offset, e.Size);
                _checkpoints!.Remove(e.Id);
            }
        }

        ReadUnseenRotations(directory, files.Values.Where(f => !claimed.Contains(f.Path)),
            [.. entries.Select(e => (e.LivePath ?? e.Path!, e.CreatedMs > 0 ? e.CreatedMs : e.UpdatedMs))], now);
    }

    /// <summary>A known file found by device, inode and identity: the scan resumes it when a glob still leads to it, else it is read to its end here.</summary>
    private void ResumeKnown(string path, FileStatus st, FileIdentity id, CheckpointEntry e, DateTimeOffset now)
    {
        if (CompressedRotation.IsCompressed(path))
        {
            if (!e.Compressed || e.Offset < e.Size)
            {
                ResumeInflated(path, st, e, e.Offset, now);
            }

            return;
        }

        if (_discovery.IsIncluded(path) || st.Size <= e.Offset)
        {
            return;
        }

        var tailer = new FileTailer(path, st, id, e.Id, e.Offset, EncoderFor(e.LivePath ?? e.Path!)) { SeenInScan = true, LastDataAt = now, RemovedAt = now, FollowedSince = now, LivePath = e.LivePath ?? e.Path! };
        tailer.Open(OpenRead(path));
        AddResumed(tailer, e.Path);
    }

    private void ResumeInflated(string path, FileStatus st, CheckpointEntry? e, long offset, DateTimeOffset now, string? livePath = null)
    {
        if (_tailers.ContainsKey((st.Device, st.Inode)))
        {
            return;
        }

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        long length;
        try
        {
            handle = CompressedRotation.Inflate(path, offset, _options.FingerprintBytes, _checkpoints!.DirectoryPath, out length);
        }
        catch (InvalidDataException ex)
        {
            // Damaged or over the size limit: left alone (and its checkpoint kept), so nothing is counted as read.
            Count("read_errors");
            _logger.LogError(ex, "Cannot inflate {Path}; its rest (from offset {Offset}) is not shipped", path, offset);
            return;
        }

        var inflated = st with { Size = length };
        if (length <= offset || FileIdentity.Compute(handle, inflated, _options.FingerprintBytes) is not { } id)
        {
            handle.Dispose();
            if (e is not null)
            {
                // Nothing left: remember the .gz as finished so the next start does not inflate it again.
                _checkpoints.Set(e.Id, e.Offset, e.Fingerprint, st.Device, st.Inode, path, length, compressed: true, e.LivePath ?? e.Path);
            }

            return;
        }

        var tailer = new FileTailer(path, inflated, id, e?.Id ?? id.Id, offset, EncoderFor(e?.LivePath ?? livePath ?? e?.Path ?? path))
        {
            SeenInScan = true,
            LastDataAt = now,
            RemovedAt = now,
            IsInflatedCopy = true,
            FollowedSince = now,
            LivePath = e?.LivePath ?? livePath ?? e?.Path ?? path,
        };
        tailer.Open(handle);
        AddResumed(tailer, e?.Path);
    }

    /// <summary>
    /// Files next to a followed one, named as its rotations (<c>app.log.1</c>, <c>0.log.20260101-120000.gz</c>), out of the
    /// include patterns, unknown to the tailers and the checkpoint store, and modified after the agent began following that
    /// file: written and renamed away between two scans or while the agent was down, so never seen. Read from their start.
    /// </summary>
    private void ReadUnseenRotations(string directory, IEnumerable<(string Path, FileStatus Status)>? candidates, IReadOnlyList<(string Path, long SinceMs)> followed, DateTimeOffset now)
    {
        candidates ??= RegularFiles(directory);
        var slack = (long)_options.ScanInterval.TotalMilliseconds;
        foreach (var (path, st) in candidates)
        {
            if (_tailers.ContainsKey((st.Device, st.Inode)) || _discovery.IsIncluded(path))
            {
                continue;
            }

            var name = Path.GetFileName(path);
            var (knownPath, _) = followed.FirstOrDefault(f => IsRotationName(name, Path.GetFileName(f.Path)) && st.Modified.ToUnixTimeMilliseconds() > f.SinceMs - slack);
            if (knownPath is null || IdentityOf(path, st) is not { } id
                || (id.Fingerprint is not null ? _checkpoints!.FindByFingerprint(id.Fingerprint) : _checkpoints!.Get(id.InodeId)) is not null)
            {
                continue;
            }

            _logger.LogInformation("{Path} is a rotation of {Known} the agent never saw; reading it", path, knownPath);
            if (CompressedRotation.IsCompressed(path))
            {
                ResumeInflated(path, st, null, 0, now, knownPath);
                continue;
            }

            var tailer = new FileTailer(path, st, id, id.Id, 0, EncoderFor(knownPath)) { SeenInScan = true, LastDataAt = now, RemovedAt = now, FollowedSince = now, LivePath = knownPath };
            tailer.Open(OpenRead(path));
            AddResumed(tailer, knownPath);
        }
    }

    private static IEnumerable<(string Path, FileStatus Status)> RegularFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (FileStatus.Of(path) is { Kind: FileKind.Regular } st)
            {
                yield return (path, st);
            }
        }
    }

    private static bool IsRotationName(string name, string known) =>
        name.Length > known.Length + 1 && name.StartsWith(known, StringComparison.Ordinal) && name[known.Length] is '.' or '-';

    /// <summary>The identity of a file on disk (of its decompressed content for a .gz; with <paramref name="asEntry"/>'s device and inode then).</summary>
    private FileIdentity? IdentityOf(string path, FileStatus st, CheckpointEntry? asEntry = null)
    {
        if (CompressedRotation.IsCompressed(path))
        {
            try
            {
                var head = CompressedRotation.ReadHead(path, _options.FingerprintBytes);
                return FileIdentity.FromHead(head, asEntry?.Device ?? st.Device, asEntry?.Inode ?? st.Inode, _options.FingerprintBytes);
            }
            catch (InvalidDataException)
            {
                return null; // not gzip (or still being written): not a rotation we can read
            }
        }

        using var handle = OpenRead(path);
        return FileIdentity.Compute(handle, st, _options.FingerprintBytes);
    }

    private void AddResumed(FileTailer tailer, string? knownAs)
    {
        lock (_tailersLock)
        {
            _tailers[(tailer.Device, tailer.Inode)] = tailer;
        }

        Count("files_resumed");
        _logger.LogInformation("Finishing {Path} (was {Known}; no include pattern leads to it) from offset {Offset} as {Dataset} (id {FileId})",
            tailer.Path, knownAs ?? tailer.Path, tailer.ReadOffset, tailer.Encoder.Dataset, tailer.Id);
    }
}
