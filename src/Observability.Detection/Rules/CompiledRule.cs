using Observability.Core.Documents;

namespace Observability.Detection.Rules;

/// <summary>A validated rule: durations parsed, KQL compiled, comparison chosen.</summary>
public sealed class CompiledRule
{
    public required RuleDefinition Definition { get; init; }

    public required RuleType Type { get; init; }

    public required TimeSpan Window { get; init; }

    public required TimeSpan For { get; init; }

    public Func<EcsDocument, bool>? Filter { get; init; }

    public required Func<double, double, bool> Compare { get; init; }

    public string Name => Definition.Name;

    public static Func<double, double, bool> Comparison(string op) => op switch
    {
        ">" => (a, b) => a > b,
        ">=" => (a, b) => a >= b,
        "<" => (a, b) => a < b,
        "<=" => (a, b) => a <= b,
        "==" => (a, b) => a == b,
        "!=" => (a, b) => a != b,
        _ => throw new FormatException($"op '{op}' is not one of >, >=, <, <=, ==, !="),
    };
}
