namespace Observability.Testing;

/// <summary>A directory under the system temp folder, removed (best effort) on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    public string Path { get; }

    public static TemporaryDirectory Create(string label)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "obs-test", $"{label}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        return new TemporaryDirectory(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (e.g. by a background process) is left for the OS temp cleaner.
        }
    }
}
