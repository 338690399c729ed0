using System.Runtime.InteropServices;

namespace Observability.Training.Fencing;

/// <summary>The libc calls the job fence and the rank's parent watch need (Linux; .NET exposes none of them).</summary>
internal static partial class LibC
{
    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int PrSetPdeathsig = 1;
    public const int SigKill = 9;

    public const int OReadOnly = 0;
    public const int OReadWrite = 2;
    public const int OCreate = 0x40;
    public const int OCloseOnExec = 0x80000;

    /// <summary>
    /// open(2) itself: .NET's FileStream/File.OpenHandle emulate FileShare with flock on Unix, which would collide
    /// with the fence's own flocks (a probe would fail to open a held file instead of finding it held).
    /// </summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "getppid")]
    public static partial int GetParentPid();
}
