using System.Runtime.InteropServices;

namespace Observability.Training.Worker;

/// <summary>
/// Loads the libstdc++ compatibility shim (see build/TorchSharpGlibcxxFix.targets) into the global symbol scope
/// before TorchSharp loads libLibTorchSharp.so, which resolves std::ios_base_library_init() from it.
/// NativeLibrary.Load opens libraries RTLD_LOCAL, whose symbols later libraries cannot see: hence dlopen here.
/// </summary>
internal static partial class TorchNativeLoader
{
    public const string ShimFileName = "libobs_glibcxx_shim.so";
    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;
    private static readonly Lock Gate = new();
    private static bool _loaded;

    public static void EnsureLoaded()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            var path = Path.Combine(AppContext.BaseDirectory, ShimFileName);
            if (File.Exists(path) && DlOpen(path, RtldNow | RtldGlobal) == IntPtr.Zero)
            {
                throw new InvalidOperationException($"could not load {path}: {Marshal.PtrToStringUTF8(DlError())}");
            }

            _loaded = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string fileName, int flags);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    private static partial IntPtr DlError();
}
