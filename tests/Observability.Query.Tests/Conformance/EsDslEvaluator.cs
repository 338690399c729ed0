using System.Globalization;
using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Query.Kql;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// Evaluates the part of Elasticsearch's Query DSL the conformance queries translate to, by its documented meaning:
/// <c>bool</c> (filter/must all, should at least <c>minimum_should_match</c>, must_not none), <c>range</c> on dates
/// and numbers (a date stored to the millisecond), <c>term</c> (exact), <c>match</c> (any analysed token), <c>match_phrase</c> (tokens in sequence),
/// <c>exists</c>, <c>match_all</c>, <c>match_none</c>. Anything else fails the test rather than being guessed.
/// Fields named in <c>longFields</c> are mapped <c>long</c> and their values parsed as Elasticsearch's long mapper does:
/// a term or range value beyond a long's range is refused (<see cref="BadRequestException"/>, HTTP 400); a term with a
/// decimal part matches nothing.
/// </summary>
internal static class EsDslEvaluator
{
    public static bool Matches(JsonObject query, EcsDocument d, IReadOnlySet<string>? longFields = null)
    {
        longFields ??= new HashSet<string>(StringComparer.Ordinal);
        bool Matches(JsonObject q, EcsDocument doc) => EsDslEvaluator.Matches(q, doc, longFields);
        var (type, body) = Single(query);
        switch (type)
        {
            case "match_all":
                return true;
            case "match_none":
                return false;
            case "bool":
            {
                var b = body.AsObject();
                var all = Clauses(b, "filter").Concat(Clauses(b, "must")).All(c => Matches(c, d));
                var should = Clauses(b, "should").ToList();
                var minimum = b["minimum_should_match"]?.GetValue<int>() ?? (should.Count > 0 && !b.ContainsKey("filter") && !b.ContainsKey("must") ? 1 : 0);
                return all && should.Count(c => Matches(c, d)) >= minimum && !Clauses(b, "must_not").Any(c => Matches(c, d));
            }

            case "range":
            {
                var (field, r) = Single(body.AsObject());
                if (longFields.Contains(field))
                {
                    foreach (var (key, bound) in r.AsObject())
                    {
                        _ = key is "format" or "time_zone" ? 0 : LongValue(field, bound!);
                    }
                }

                return Values(d, field).Any(v => InRange(v, r.AsObject()));
            }

            case "term":
            {
                var (field, t) = Single(body.AsObject());
                if (longFields.Contains(field) && LongValue(field, t["value"]!) % 1 != 0)
                {
                    return false;
                }

                var expected = t["value"]!.ToString();
                return Values(d, field).Any(v => KqlValues.AsString(v) == expected);
            }

            case "match":
            {
                var (field, m) = Single(body.AsObject());
                var tokens = TextTokens.Tokenize(m["query"]!.GetValue<string>());
                return Values(d, field).Any(v => KqlValues.AsString(v) is { } s && TextTokens.Tokenize(s).Intersect(tokens).Any());
            }

            case "match_phrase":
            {
                var (field, m) = Single(body.AsObject());
                var needle = TextTokens.PhraseNeedle(TextTokens.Tokenize(m["query"]!.GetValue<string>()));
                return Values(d, field).Any(v => KqlValues.AsString(v) is { } s && TextTokens.Normalize(s).Contains(needle, StringComparison.Ordinal));
            }

            case "exists":
                return Values(d, body["field"]!.GetValue<string>()).Any();
            default:
                throw new NotSupportedException($"the DSL evaluator does not know '{type}': {query.ToJsonString()}");
        }
    }

    private static bool InRange(object value, JsonObject r)
    {
        foreach (var (key, bound) in r)
        {
            if (key is "format" or "time_zone")
            {
                continue;
            }

            int c;
            if (bound!.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                if (KqlValues.AsDate(value) is not { } t)
                {
                    return false;
                }

                var stored = t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond);
                var b = DateTimeOffset.Parse(bound.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                c = stored.CompareTo(b.UtcTicks);
            }
            else
            {
                if (KqlValues.AsNumber(value) is not { } n)
                {
                    return false;
                }

                c = n.CompareTo(Number(bound));
            }

            var ok = key switch
            {
                "gte" => c >= 0,
                "gt" => c > 0,
                "lte" => c <= 0,
                "lt" => c < 0,
                _ => throw new NotSupportedException($"range key {key}"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>As the long mapper reads a query value: a number beyond a long's range (compared as a double) is an error.</summary>
    private static double LongValue(string field, JsonNode value)
    {
        var d = Number(value);
        if (d > long.MaxValue || d < long.MinValue)
        {
            throw new BadRequestException($"HTTP 400: Value [{value.ToJsonString()}] is out of range for a long (field [{field}])");
        }

        return d;
    }

    /// <summary>A JSON number as Elasticsearch reads it, whatever CLR type the translator built it from.</summary>
    private static double Number(JsonNode value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static IEnumerable<object> Values(EcsDocument d, string field) => KqlValues.Leaves(d[field]);

    private static IEnumerable<JsonObject> Clauses(JsonObject b, string occur) => b[occur] switch
    {
        null => [],
        JsonArray a => a.Select(x => x!.AsObject()),
        JsonObject o => [o],
        _ => throw new NotSupportedException(occur),
    };

    private static (string Key, JsonNode Value) Single(JsonObject o)
    {
        var pair = Assert.Single(o);
        return (pair.Key, pair.Value!);
    }
}
