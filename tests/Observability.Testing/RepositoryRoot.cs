namespace Observability.Testing;

/// <summary>The repository's root (the folder holding <c>Observability.sln</c>), found above the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path under the root, e.g. <c>RepositoryRoot.Combine("docs", "configuration.md")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Observability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Observability.sln was not found above " + AppContext.BaseDirectory);
    }
}
