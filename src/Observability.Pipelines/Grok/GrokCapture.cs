namespace Observability.Pipelines.Grok;

/// <summary>One named capture of a compiled grok expression: regex group number, ECS field, value type.</summary>
public sealed record GrokCapture(int Group, string GroupName, string Field, GrokValueType Type);

public enum GrokValueType
{
    String,
    Long,
    Double,
    Boolean,
}
