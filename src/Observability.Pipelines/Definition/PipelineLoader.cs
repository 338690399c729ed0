using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Observability.Pipelines.Definition;

/// <summary>
/// Reads pipeline YAML into <see cref="PipelineDefinition"/>s. Errors are
/// <see cref="PipelineDefinitionException"/>s naming the file, line and key.
/// </summary>
public static class PipelineLoader
{
    private static readonly string[] TopLevelKeys = ["name", "description", "if", "when", "processors", "on_failure"];

    /// <summary>Every <c>*.yml</c>/<c>*.yaml</c> file of a directory, in file-name order (the order they run in).</summary>
    public static IReadOnlyList<PipelineDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"pipeline directory '{directory}' does not exist");
        }

        return Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(LoadFile)
            .ToList();
    }

    public static PipelineDefinition LoadFile(string path) =>
        Parse(File.ReadAllText(path), path, Path.GetFileNameWithoutExtension(path));

    public static PipelineDefinition Parse(string yaml, string source, string defaultName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PipelineDefinitionException(source, e.Start.Line, e.Start.Column, null, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PipelineDefinitionException(source, 1, 1, null, "a pipeline file must be a mapping with 'processors'");
        }

        var location = YamlLocation.Of(source, root);
        foreach (var (k, _) in root.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? string.Empty;
            if (!TopLevelKeys.Contains(key))
            {
                throw YamlLocation.Of(source, k).Error(key, $"unknown pipeline setting (expected one of {string.Join(", ", TopLevelKeys)})");
            }
        }

        var name = Scalar(root, "name", source) ?? defaultName;
        var condition = Scalar(root, "if", source) ?? Scalar(root, "when", source);
        var processorsNode = Child(root, "processors") ?? throw location.Error("processors", "a pipeline needs a 'processors' list");
        return new PipelineDefinition(
            name,
            Scalar(root, "description", source),
            condition,
            ProcessorList(processorsNode, "processors", source),
            Child(root, "on_failure") is { } f ? ProcessorList(f, "on_failure", source) : [],
            location);
    }

    private static List<ProcessorDefinition> ProcessorList(YamlNode node, string key, string source)
    {
        if (node is not YamlSequenceNode seq)
        {
            throw YamlLocation.Of(source, node).Error(key, "expected a list of processors");
        }

        var list = new List<ProcessorDefinition>(seq.Children.Count);
        foreach (var item in seq.Children)
        {
            list.Add(Processor(item, source));
        }

        return list;
    }

    private static ProcessorDefinition Processor(YamlNode item, string source)
    {
        var at = YamlLocation.Of(source, item);
        if (item is not YamlMappingNode { Children.Count: 1 } entry)
        {
            throw at.Error(null, "each processor is a mapping with one key, its type (for example '- grok: {field: message, patterns: [...]}')");
        }

        var (typeNode, body) = entry.Children.First();
        var type = (typeNode as YamlScalarNode)?.Value ?? string.Empty;
        var map = body switch
        {
            YamlMappingNode m => m,
            YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
            _ => throw YamlLocation.Of(source, body).Error(type, "a processor's settings must be a mapping"),
        };

        var options = new ProcessorOptions(type, map, YamlLocation.Of(source, typeNode));
        var condition = options.GetString("if") ?? options.GetString("when");
        var tag = options.GetString("tag");
        var ignoreFailure = options.GetBool("ignore_failure", false);
        _ = options.GetString("description");
        var onFailure = options.GetNode("on_failure") is { } f ? ProcessorList(f, "on_failure", source) : [];
        return new ProcessorDefinition(type, options, condition, tag, ignoreFailure, onFailure, YamlLocation.Of(source, typeNode));
    }

    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode map, string key, string source) => Child(map, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var other => throw YamlLocation.Of(source, other).Error(key, "expected a single value"),
    };
}
