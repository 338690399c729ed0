namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>The repository root (where Observability.sln is) and the specifications copied under <c>testdata/spec</c>.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>testdata/spec</c> in the repository, or <c>OBS_SPEC_DIR</c>.</summary>
    public static string Spec
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("OBS_SPEC_DIR") ?? Path.Combine(Root, "testdata", "spec");
            if (!File.Exists(Path.Combine(dir, "elasticsearch", "elasticsearch-serverless-openapi.9.5.json")))
            {
                throw new InvalidOperationException($"the specifications are not at {dir}: the contract tests need testdata/spec (or OBS_SPEC_DIR)");
            }

            return dir;
        }
    }

    public static string Dashboards => Path.Combine(Root, "dashboards");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Observability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Observability.sln) not found above " + AppContext.BaseDirectory);
    }
}
