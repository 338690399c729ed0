using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Observability.Pipelines.Definition;

/// <summary>
/// The options of one processor, read from its YAML mapping with typed getters. Every error names the
/// file, line and key; keys nobody asked for are reported by <see cref="EnsureAllUsed"/> so a typo
/// (<c>feild:</c>) fails at load time instead of being silently ignored.
/// </summary>
public sealed class ProcessorOptions
{
    private readonly YamlMappingNode _map;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ProcessorOptions(string processorType, YamlMappingNode map, YamlLocation location)
    {
        ProcessorType = processorType;
        _map = map;
        Location = location;
    }

    public string ProcessorType { get; }

    public YamlLocation Location { get; }

    public bool Has(string key) => Find(key) is not null;

    public string? GetString(string key)
    {
        var node = Take(key);
        return node switch
        {
            null => null,
            YamlScalarNode s => Interned(s.Value),
            _ => throw At(node, key, "expected a single value"),
        };
    }

    /// <summary>
    /// Option values are mostly field names. Interned, every processor and the code's own constants
    /// (<c>EcsFields.Message</c>) hold one instance of each name, so a document's field lookups compare names by
    /// reference instead of by their characters.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    internal static string? Interned(string? value) => value is null ? null : string.Intern(value);

    public string RequireString(string key) =>
        GetString(key) is { Length: > 0 } s ? s : throw Missing(key);

    /// <summary>A required option is absent: point at a misspelling of it when there is one.</summary>
    public PipelineDefinitionException Missing(string key)
    {
        foreach (var (k, _) in _map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && !_used.Contains(name) && Distance(name, key) <= 2)
            {
                return At(k, name, $"unknown option for the {ProcessorType} processor; did you mean '{key}'?");
            }
        }

        return Location.Error(key, $"the {ProcessorType} processor needs '{key}'");
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    public bool GetBool(string key, bool defaultValue)
    {
        var node = Take(key);
        if (node is null)
        {
            return defaultValue;
        }

        return node is YamlScalarNode { Value: { } v } && bool.TryParse(v, out var b)
            ? b
            : throw At(node, key, "expected true or false");
    }

    public int GetInt(string key, int defaultValue)
    {
        var node = Take(key);
        if (node is null)
        {
            return defaultValue;
        }

        return node is YamlScalarNode { Value: { } v } && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw At(node, key, "expected an integer");
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-item list.</summary>
    public IReadOnlyList<string>? GetStringList(string key)
    {
        var node = Take(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode s:
                return [Interned(s.Value) ?? string.Empty];
            case YamlSequenceNode seq:
                var list = new List<string>(seq.Children.Count);
                foreach (var item in seq.Children)
                {
                    list.Add(item is YamlScalarNode si ? Interned(si.Value) ?? string.Empty : throw At(item, key, "expected a list of strings"));
                }

                return list;
            default:
                throw At(node, key, "expected a string or a list of strings");
        }
    }

    /// <summary>A mapping of string to string (for example grok <c>pattern_definitions</c>).</summary>
    public IReadOnlyDictionary<string, string>? GetStringMap(string key)
    {
        var node = Take(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            throw At(node, key, "expected a mapping of names to values");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } name } || v is not YamlScalarNode { Value: { } value })
            {
                throw At(v, key, "expected name: value pairs");
            }

            result[name] = value;
        }

        return result;
    }

    /// <summary>The raw YAML value, for options whose type depends on the processor (the <c>set</c> value).</summary>
    public YamlNode? GetNode(string key) => Take(key);

    public PipelineDefinitionException Error(string key, string problem) =>
        Find(key) is { } node ? At(node, key, problem) : Location.Error(key, problem);

    public void EnsureAllUsed()
    {
        foreach (var (k, _) in _map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && !_used.Contains(name))
            {
                throw At(k, name, $"unknown option for the {ProcessorType} processor");
            }
        }
    }

    private YamlNode? Take(string key)
    {
        _used.Add(key);
        return Find(key);
    }

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    private PipelineDefinitionException At(YamlNode node, string key, string problem) =>
        YamlLocation.Of(Location.Source, node).Error(key, problem);
}
