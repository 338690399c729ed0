using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Query.Evaluation;
using Observability.Query.Kql;

namespace Observability.Pipelines.Conditions;

/// <summary>
/// Pipeline conditions in the same KQL as <c>obs search</c>, Kibana and alert rules: parsed by
/// <see cref="KqlParser"/> and compiled once by <see cref="KqlEvaluator"/>, so a condition means in a
/// pipeline what it means in a search (text fields such as <c>message</c> match by tokens, keywords exactly).
/// </summary>
/// <remarks>
/// Conditions run on every event, so the commonest clauses are answered without the evaluator where the answer
/// is plain: <c>field: v</c> or <c>field: (a or b)</c> whose match is string equality is one hash lookup (false
/// when the field is missing), and <c>field: *</c> is true when the field holds a string and false when neither
/// it nor any <c>field.*</c> exists. <c>and</c>, <c>or</c> and <c>not</c> combine such clauses as the evaluator
/// does; every other case (arrays, numbers, patterns, ranges, text fields) goes to the evaluator, so the answer
/// is always the evaluator's.
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

        return query.Root is null ? KqlEvaluator.Compile(query, _options) : Compile(query.Root);
    }

    private Func<EcsDocument, bool> Compile(KqlNode node)
    {
        if (ExactValues(node) is var (field, values))
        {
            var general = Evaluator(node);
            // A missing field matches nothing, as in the evaluator.
            return d => d[field] switch
            {
                string s => values.Contains(s),
                null => false,
                _ => general(d),
            };
        }

        switch (node)
        {
            case KqlAnd { Clauses.Count: > 0 } and:
                return Combine([.. and.Clauses.Select(Compile)], decidingAnswer: false);
            case KqlOr { Clauses.Count: > 0 } or:
                return Combine([.. or.Clauses.Select(Compile)], decidingAnswer: true);
            case KqlNot not:
            {
                var inner = Compile(not.Inner);
                return d => !inner(d);
            }

            case KqlExists { IsFieldPattern: false } exists:
                return FieldExists(exists.Field, Evaluator(node));
            default:
                return Evaluator(node);
        }
    }

    /// <summary>Clauses in order until one gives the deciding answer (false for <c>and</c>, true for <c>or</c>).</summary>
    private static Func<EcsDocument, bool> Combine(Func<EcsDocument, bool>[] clauses, bool decidingAnswer) => d =>
    {
        foreach (var clause in clauses)
        {
            if (clause(d) == decidingAnswer)
            {
                return decidingAnswer;
            }
        }

        return !decidingAnswer;
    };

    private Func<EcsDocument, bool> Evaluator(KqlNode node) => KqlEvaluator.Compile(new KqlQuery(node, node.ToString()), _options);

    /// <summary>
    /// <c>field: *</c>: the evaluator's answer is true for a string value, and false when the field is missing and
    /// no field starts with <c>field.</c> (an object's leaves); anything else is left to it.
    /// </summary>
    private static Func<EcsDocument, bool> FieldExists(string field, Func<EcsDocument, bool> general)
    {
        var prefix = field + ".";
        return d => d[field] switch
        {
            string => true,
            null => FieldValues.AnyFieldStartsWith(d, prefix) && general(d),
            _ => general(d),
        };
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
