using Observability.Testing;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>The repository root (where Observability.sln is) and the specifications copied under <c>testdata/spec</c>.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    /// <summary><c>testdata/spec</c> in the repository, or <c>OBS_SPEC_DIR</c>.</summary>
    public static string Spec => SpecFiles.Directory;

    public static string Dashboards => Path.Combine(Root, "dashboards");
}
