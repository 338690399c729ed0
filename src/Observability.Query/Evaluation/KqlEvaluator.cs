using Observability.Core.Documents;
using Observability.Query.Kql;

namespace Observability.Query.Evaluation;

/// <summary>
/// Evaluates KQL over in-memory documents (alert rules, pipelines, <c>obs tail</c>, and the oracle of the
/// differential tests). Semantics, per field kind (<see cref="KqlOptions.KindOf"/>):
/// <list type="bullet">
/// <item>Text (<c>message</c>): case-insensitive tokens (<see cref="TextTokens"/>); an unquoted value matches
/// when any of its tokens occurs, a quoted value when its tokens occur in sequence, a wildcard when one token
/// matches the pattern.</item>
/// <item>Keyword: exact, case-sensitive; a wildcard matches the whole value.</item>
/// <item>Auto (unmapped): equal as strings, or as numbers when the query value is numeric.</item>
/// <item>Number: numeric comparison.</item>
/// <item>Date: a value names a span at its precision (<see cref="Time.DateBounds"/>): equality matches the whole
/// span, range bounds round as Elasticsearch rounds them.</item>
/// <item>A field name pattern (<c>*:x</c>) skips the fields whose kind cannot hold the value.</item>
/// </list>
/// An array field matches when any element does. A missing field matches nothing (so <c>not</c> matches it).
/// </summary>
public sealed class KqlEvaluator
{
    private KqlEvaluator()
    {
    }

    public static Func<EcsDocument, bool> Compile(KqlQuery q, KqlOptions? o = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        var options = o ?? KqlOptions.Default;
        return q.Root is null ? static _ => true : Compile(q.Root, options);
    }

    /// <summary>Parses and compiles in one step.</summary>
    public static Func<EcsDocument, bool> Compile(string kql, KqlOptions? o = null) => Compile(KqlParser.Parse(kql), o);

    private static Func<EcsDocument, bool> Compile(KqlNode node, KqlOptions o)
    {
        switch (node)
        {
            case KqlMatchAll:
                return static _ => true;
            case KqlAnd and:
            {
                var parts = and.Clauses.Select(c => Compile(c, o)).ToArray();
                return d =>
                {
                    foreach (var p in parts)
                    {
                        if (!p(d))
                        {
                            return false;
                        }
                    }

                    return true;
                };
            }

            case KqlOr or:
            {
                var parts = or.Clauses.Select(c => Compile(c, o)).ToArray();
                return d =>
                {
                    foreach (var p in parts)
                    {
                        if (p(d))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            }

            case KqlNot not:
            {
                var inner = Compile(not.Inner, o);
                return d => !inner(d);
            }

            case KqlExists exists:
                return exists.IsFieldPattern ? d => d.FieldNames.Any(f => KqlFieldNames.Matches(exists.Field, f) && Exists(d, f)) : d => Exists(d, exists.Field);
            case KqlMatch match:
                return CompileMatch(match, o);
            case KqlRange range:
                return CompileRange(range, o);
            default:
                throw new NotSupportedException($"KQL node {node.GetType().Name}");
        }
    }

    private static bool Exists(EcsDocument d, string field)
    {
        if (KqlValues.Leaves(d[field]).Any() || d[field] is System.Text.Json.JsonElement)
        {
            return true;
        }

        var prefix = field + ".";
        return d.FieldNames.Any(f => f.StartsWith(prefix, StringComparison.Ordinal) && KqlValues.Leaves(d[f]).Any());
    }

    private static Func<EcsDocument, bool> CompileMatch(KqlMatch match, KqlOptions o)
    {
        if (match.Field is null)
        {
            var perField = o.DefaultFields.Select(f => ForField(f, ValuePredicates.ForMatch(match.Value, o.KindOf(f), o))).ToArray();
            return d => perField.Any(p => p(d));
        }

        if (match.IsFieldPattern)
        {
            var pattern = match.Field;
            var cache = new Dictionary<string, Func<object, bool>>(StringComparer.Ordinal);
            return d =>
            {
                foreach (var f in d.FieldNames)
                {
                    if (!KqlFieldNames.Matches(pattern, f))
                    {
                        continue;
                    }

                    if (!cache.TryGetValue(f, out var pred))
                    {
                        pred = ValuePredicates.ForMatch(match.Value, o.KindOf(f), o, lenient: true);
                        cache[f] = pred;
                    }

                    if (AnyLeaf(d[f], pred))
                    {
                        return true;
                    }
                }

                return false;
            };
        }

        return ForField(match.Field, ValuePredicates.ForMatch(match.Value, o.KindOf(match.Field), o));
    }

    private static Func<EcsDocument, bool> CompileRange(KqlRange range, KqlOptions o)
    {
        if (range.IsFieldPattern)
        {
            return d => d.FieldNames.Any(f => KqlFieldNames.Matches(range.Field, f) && AnyLeaf(d[f], ValuePredicates.ForRange(range, o.KindOf(f), o, lenient: true)));
        }

        return ForField(range.Field, ValuePredicates.ForRange(range, o.KindOf(range.Field), o));
    }

    private static Func<EcsDocument, bool> ForField(string field, Func<object, bool> predicate) => d => AnyLeaf(d[field], predicate);

    private static bool AnyLeaf(object? value, Func<object, bool> predicate)
    {
        foreach (var leaf in KqlValues.Leaves(value))
        {
            if (predicate(leaf))
            {
                return true;
            }
        }

        return false;
    }
}
