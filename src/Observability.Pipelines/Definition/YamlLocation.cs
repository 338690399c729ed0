using YamlDotNet.RepresentationModel;

namespace Observability.Pipelines.Definition;

/// <summary>Where a YAML node sits in its file, for error messages.</summary>
public readonly record struct YamlLocation(string Source, long Line, long Column)
{
    public static YamlLocation Of(string source, YamlNode node) => new(source, node.Start.Line, node.Start.Column);

    public PipelineDefinitionException Error(string? key, string problem) => new(Source, Line, Column, key, problem);
}
