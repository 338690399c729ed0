namespace Observability.Testing.Elasticsearch;

/// <summary>The specifications the contract tests check against, copied under <c>testdata/spec</c> with their licence and origin.</summary>
public static class SpecFiles
{
    /// <summary><c>testdata/spec</c> in the repository, or <c>OBS_SPEC_DIR</c>.</summary>
    public static string Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("OBS_SPEC_DIR") ?? Path.Combine(RepositoryRoot.Path, "testdata", "spec");
            if (!File.Exists(Path.Combine(dir, "elasticsearch", "elasticsearch-serverless-openapi.9.5.json")))
            {
                throw new InvalidOperationException($"the specifications are not at {dir}: the contract tests need testdata/spec (or OBS_SPEC_DIR)");
            }

            return dir;
        }
    }
}
