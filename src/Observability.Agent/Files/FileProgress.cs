namespace Observability.Agent.Files;

/// <summary>A file's progress: bytes in it, read, and acknowledged.</summary>
public sealed record FileProgress(string Path, string Id, long Size, long ReadOffset, long AckedOffset, bool Removed)
{
    public long BytesBehind => Math.Max(0, Size - AckedOffset);
}
