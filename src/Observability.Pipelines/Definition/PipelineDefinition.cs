namespace Observability.Pipelines.Definition;

/// <summary>
/// One pipeline as written in <c>pipelines/*.yml</c>: a KQL condition choosing the events it applies to,
/// the processors in order, and the processors to run when one of them fails.
/// </summary>
public sealed record PipelineDefinition(
    string Name,
    string? Description,
    string? Condition,
    IReadOnlyList<ProcessorDefinition> Processors,
    IReadOnlyList<ProcessorDefinition> OnFailure,
    YamlLocation Location);
