namespace Observability.Agent.Files;

/// <summary>
/// What the agent remembers about one file: its identity (the source of its event ids), how to recognise
/// it again (fingerprint of its first bytes, or device+inode while it is shorter than that), and the offset
/// up to which every event is acknowledged.
/// </summary>
public sealed class CheckpointEntry
{
    public required string Id { get; set; }

    /// <summary>Hex hash of the first <c>FingerprintBytes</c> bytes, once the file is that long.</summary>
    public string? Fingerprint { get; set; }

    public ulong Device { get; set; }

    public ulong Inode { get; set; }

    /// <summary>Every event that ends at or before this byte offset is acknowledged.</summary>
    public long Offset { get; set; }

    /// <summary>
    /// The file's size when the offset was last recorded (decompressed size for a <see cref="Compressed"/> one): an entry
    /// whose file is gone with <see cref="Offset"/> below it was removed before it was read to its end.
    /// </summary>
    public long Size { get; set; }

    /// <summary>The file was last read as a <c>.gz</c> rotation, through the decompressor (device/inode are the .gz file's).</summary>
    public bool Compressed { get; set; }

    /// <summary>Last path the file was seen at (for humans and logs; identity never depends on it).</summary>
    public string? Path { get; set; }

    /// <summary>The path an include pattern led to the file by (its rotations are named after it), where it differs from <see cref="Path"/>.</summary>
    public string? LivePath { get; set; }

    /// <summary>
    /// Set when the file was truncated (copytruncate) and its new content got a new id: a restart follows the
    /// chain to the newest generation instead of resuming the old one.
    /// </summary>
    public string? Successor { get; set; }

    /// <summary>Unix milliseconds of the first record: rotations of this file modified later and unknown here were never seen.</summary>
    public long CreatedMs { get; set; }

    /// <summary>Unix milliseconds of the last update, for pruning entries of files long gone.</summary>
    public long UpdatedMs { get; set; }
}
