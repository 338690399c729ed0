namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>What setup did to one resource.</summary>
public sealed record SetupOutcome(SetupKind Kind, string Name, SetupAction Action);

public enum SetupAction
{
    Unchanged,
    Created,
    Updated,
}
