namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>A fact that is skipped, with the reason shown, when a program it runs is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool, string ciPackage)
    {
        Tool = tool;
        if (Which(tool) is null)
        {
            Skip = $"{tool} is not installed (CI installs the apt package {ciPackage} through .ci/run)";
        }
    }

    public string Tool { get; }

    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
