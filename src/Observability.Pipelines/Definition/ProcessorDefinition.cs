namespace Observability.Pipelines.Definition;

/// <summary>
/// One processor entry: its type (<c>grok</c>, <c>kv</c>, …), its own options, and the settings every
/// processor shares (<c>if</c>, <c>tag</c>, <c>ignore_failure</c>, <c>ignore_missing</c> is per type, <c>on_failure</c>).
/// </summary>
public sealed record ProcessorDefinition(
    string Type,
    ProcessorOptions Options,
    string? Condition,
    string? Tag,
    bool IgnoreFailure,
    IReadOnlyList<ProcessorDefinition> OnFailure,
    YamlLocation Location);
