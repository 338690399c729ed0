using Observability.Testing;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>The repository root (where Observability.sln is) and the specifications copied under <c>testdata/spec</c>.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

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
}
