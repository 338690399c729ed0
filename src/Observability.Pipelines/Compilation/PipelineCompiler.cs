using Observability.Core.Documents;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Compilation;

/// <summary>Compiles <see cref="PipelineDefinition"/>s into runnable <see cref="CompiledPipeline"/>s, once.</summary>
public sealed class PipelineCompiler(ProcessorContext context)
{
    public PipelineCompiler()
        : this(ProcessorContext.Default())
    {
    }

    public ProcessorContext Context { get; } = context;

    public CompiledPipeline Compile(PipelineDefinition definition)
    {
        var condition = definition.Condition is { } c ? Condition(c, definition.Location) : null;
        return new CompiledPipeline(
            definition.Name,
            definition.Location.Source,
            condition,
            Steps(definition.Processors),
            Steps(definition.OnFailure));
    }

    /// <summary>Loads and compiles one YAML file.</summary>
    public CompiledPipeline CompileFile(string path) => Compile(PipelineLoader.LoadFile(path));

    public IReadOnlyList<CompiledPipeline> CompileDirectory(string directory) =>
        PipelineLoader.LoadDirectory(directory).Select(Compile).ToList();

    private CompiledStep[] Steps(IReadOnlyList<ProcessorDefinition> definitions) =>
        definitions.Select(Step).ToArray();

    private CompiledStep Step(ProcessorDefinition d)
    {
        var processor = ProcessorRegistry.Create(d, Context);
        var condition = d.Condition is { } c ? Condition(c, d.Location) : null;
        var description = d.Tag is null
            ? $"{d.Type} at {Path.GetFileName(d.Location.Source)}:{d.Location.Line}"
            : $"{d.Type} [{d.Tag}] at {Path.GetFileName(d.Location.Source)}:{d.Location.Line}";
        var onFailure = d.OnFailure.Count > 0 ? Steps(d.OnFailure) : null;
        return new CompiledStep(d.Type, description, condition, processor, d.IgnoreFailure, onFailure);
    }

    private Func<EcsDocument, bool> Condition(string kql, YamlLocation at)
    {
        try
        {
            return Context.Conditions.Compile(kql);
        }
        catch (FormatException e)
        {
            throw at.Error("if", $"invalid KQL condition '{kql}': {e.Message}");
        }
    }
}
