namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>Field name → type from ECS's <c>ecs_flat.yml</c> (read line by line: top-level keys and their <c>type:</c>).</summary>
internal static class EcsSpec
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Types = new(Load);

    public static IReadOnlyDictionary<string, string> FieldTypes => Types.Value;

    private static IReadOnlyDictionary<string, string> Load()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Spec, "ecs", "ecs_flat.yml")))
        {
            if (line.Length > 0 && line[0] != ' ' && line.EndsWith(':'))
            {
                current = line[..^1].Trim('\'', '"');
            }
            else if (current is not null && line.StartsWith("  type: ", StringComparison.Ordinal))
            {
                types[current] = line["  type: ".Length..].Trim();
            }
        }

        return types;
    }
}
