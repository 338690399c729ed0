using Observability.Core.Documents;
using Observability.Query.Evaluation;
using Observability.Query.Kql;

namespace Observability.Pipelines.Conditions;

/// <summary>
/// Pipeline conditions in the same KQL as <c>obs search</c>, Kibana and alert rules: parsed by
/// <see cref="KqlParser"/> and compiled once by <see cref="KqlEvaluator"/>, so a condition means in a
/// pipeline what it means in a search (text fields such as <c>message</c> match by tokens, keywords exactly).
/// </summary>
/// <remarks>
/// The commonest pipeline condition, <c>event.dataset: (a or b)</c> on a keyword field, is checked first with
/// one hash lookup when the field holds a string; anything else (arrays, numbers, missing) goes to the
/// evaluator, so the answer is always the evaluator's.
/// </remarks>
public sealed class KqlConditionCompiler(KqlOptions? options = null) : IConditionCompiler
{
    private readonly KqlOptions _options = options ?? KqlOptions.Default;

    public Func<EcsDocument, bool> Compile(string kql)
    {
        KqlQuery query;
        try
        {
            query = KqlParser.Parse(kql);
        }
        catch (KqlSyntaxException e)
        {
            throw new FormatException(e.Message, e);
        }

        var general = KqlEvaluator.Compile(query, _options);
        if (ExactValues(query.Root) is not { } exact)
        {
            return general;
        }

        var (field, values) = exact;
        return d => d[field] is string s ? values.Contains(s) : general(d);
    }

    /// <summary>The field and values of <c>field: v</c> or <c>field: (v1 or v2 …)</c> when matching is plain string equality.</summary>
    private (string Field, HashSet<string> Values)? ExactValues(KqlNode? node)
    {
        var clauses = node switch
        {
            KqlMatch m => new List<KqlMatch> { m },
            KqlOr any when any.Clauses.All(c => c is KqlMatch) => any.Clauses.Cast<KqlMatch>().ToList(),
            _ => null,
        };
        if (clauses is null || clauses.Count == 0 || clauses[0].Field is not { } field || clauses.Any(c => c.Field != field || c.IsFieldPattern || c.Value.IsWildcard))
        {
            return null;
        }

        var kind = _options.KindOf(field);
        var plainStrings = kind == KqlFieldKind.Keyword
            || (kind == KqlFieldKind.Auto && clauses.All(c => KqlValues.ParseNumber(c.Value.Text) is null));
        return plainStrings ? (field, clauses.Select(c => c.Value.Text).ToHashSet(StringComparer.Ordinal)) : null;
    }
}
