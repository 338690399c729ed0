using System.Text.RegularExpressions;
using Observability.Testing;

namespace Observability.Core.Tests.Repository;

/// <summary>
/// The repository stands alone and documents itself truthfully: the project graph printed in
/// docs/architecture.md is the one the .csproj files declare, and nothing in the tree points outside it.
/// </summary>
public sealed partial class RepositoryLayoutTests
{
    private static readonly string Root = RepositoryRoot.Path;

    [Fact]
    public void The_project_graph_in_the_architecture_page_matches_the_project_references()
    {
        var documented = DocumentedGraph();
        var actual = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "tools"), "*.csproj", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "bench"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !IsBuildOutput(p))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), References);

        Assert.Equal(actual.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (project, references) in actual)
        {
            Assert.True(
                references.SetEquals(documented[project]),
                $"{project}: the .csproj references [{string.Join(' ', references.Order())}], docs/architecture.md says [{string.Join(' ', documented[project].Order())}]");
        }
    }

    [Fact]
    public void No_tracked_source_points_at_a_folder_outside_the_repository()
    {
        string[] extensions = [".cs", ".csproj", ".props", ".sh", ".yml", ".yaml", ".py", ".md", ".json"];
        var offenders = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(p => extensions.Contains(Path.GetExtension(p)) && !IsBuildOutput(p) && !p.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => !p.EndsWith(nameof(RepositoryLayoutTests) + ".cs", StringComparison.Ordinal))
            .Where(p => !Path.GetRelativePath(Root, p).StartsWith("testdata", StringComparison.Ordinal)) // third-party data, e.g. ECS example paths
            .Where(p => OutsideReference().IsMatch(File.ReadAllText(p)))
            .Select(p => Path.GetRelativePath(Root, p))
            .ToList();
        Assert.True(offenders.Count == 0, "files that name a path outside the repository: " + string.Join(", ", offenders));
    }

    private static Dictionary<string, HashSet<string>> DocumentedGraph()
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var block = GraphBlock().Match(page);
        Assert.True(block.Success, "docs/architecture.md has no '## Project graph' section with a ```text block");
        return block.Groups[1].Value
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2))
            .ToDictionary(
                parts => parts[0].Trim(),
                parts => parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    }

    private static HashSet<string> References(string csproj) =>
        ProjectReference().Matches(File.ReadAllText(csproj))
            .Select(m => Path.GetFileNameWithoutExtension(m.Groups[1].Value.Replace('\\', '/')))
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"## Project graph.*?```text\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex GraphBlock();

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    // A sibling checkout of the shared folder beside the repository, or an absolute path of a build machine (under work or home).
    [GeneratedRegex(@"\.\./shared/|[""'`\s(]/(work|home)/[A-Za-z]")]
    private static partial Regex OutsideReference();
}
