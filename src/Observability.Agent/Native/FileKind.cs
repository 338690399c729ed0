namespace Observability.Agent.Native;

/// <summary>The type of a file system entry; only <see cref="Regular"/> files are tailed.</summary>
public enum FileKind
{
    Regular,
    Directory,
    Fifo,
    Symlink,
    Socket,
    Device,
    Other,
}
