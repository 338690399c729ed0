namespace Observability.Pipelines.Grok;

/// <summary>
/// Named grok patterns (<c>NUMBER</c>, <c>IPV4</c>, <c>TIMESTAMP_ISO8601</c>, …). <see cref="Standard"/> is the
/// ECS-compatible library Logstash and Elasticsearch ship; <see cref="With"/> adds a pipeline's own definitions.
/// </summary>
public sealed class GrokPatternLibrary
{
    private readonly Dictionary<string, string> _definitions;

    private GrokPatternLibrary(Dictionary<string, string> definitions) => _definitions = definitions;

    public static GrokPatternLibrary Standard { get; } = LoadStandard();

    public IReadOnlyDictionary<string, string> Definitions => _definitions;

    public bool TryGet(string name, out string definition) => _definitions.TryGetValue(name, out definition!);

    /// <summary>A copy with more (or overriding) definitions.</summary>
    public GrokPatternLibrary With(IReadOnlyDictionary<string, string>? custom)
    {
        if (custom is null || custom.Count == 0)
        {
            return this;
        }

        var copy = new Dictionary<string, string>(_definitions, StringComparer.Ordinal);
        foreach (var (k, v) in custom)
        {
            copy[k] = v;
        }

        return new GrokPatternLibrary(copy);
    }

    /// <summary>Parses definitions in the pattern-file format: <c>NAME REGEX</c> per line, <c>#</c> comments.</summary>
    public static GrokPatternLibrary Parse(TextReader reader)
    {
        var definitions = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                throw new FormatException($"grok pattern line without a definition: '{trimmed}'");
            }

            definitions[trimmed[..space]] = trimmed[(space + 1)..].TrimStart();
        }

        return new GrokPatternLibrary(definitions);
    }

    private static GrokPatternLibrary LoadStandard()
    {
        using var stream = typeof(GrokPatternLibrary).Assembly.GetManifestResourceStream("Observability.Pipelines.Grok.grok-patterns")
            ?? throw new InvalidOperationException("the grok pattern library is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
