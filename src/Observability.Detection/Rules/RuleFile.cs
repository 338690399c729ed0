namespace Observability.Detection.Rules;

/// <summary>The root of a rules YAML file: <c>rules: [...]</c>.</summary>
public sealed class RuleFile
{
    public List<RuleDefinition> Rules { get; set; } = [];
}
