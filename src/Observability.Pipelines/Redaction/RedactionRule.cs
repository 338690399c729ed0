using System.Text.RegularExpressions;

namespace Observability.Pipelines.Redaction;

/// <summary>
/// One kind of secret: a pattern and what replaces it (groups may keep the non-secret part), or an
/// evaluator when the replacement depends on the match (a quoted value keeps its quotes).
/// </summary>
public sealed record RedactionRule(string Name, Regex Pattern, string Replacement, MatchEvaluator? Evaluator = null)
{
    public string Apply(string input) => Evaluator is null ? Pattern.Replace(input, Replacement) : Pattern.Replace(input, Evaluator);
}
