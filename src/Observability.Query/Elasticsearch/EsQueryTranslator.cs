using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Query.Evaluation;
using Observability.Query.Kql;

namespace Observability.Query.Elasticsearch;

/// <summary>
/// Translates KQL into Elasticsearch Query DSL the way Kibana does: <c>and</c> → <c>bool.filter</c>,
/// <c>or</c> → <c>bool.should</c> with <c>minimum_should_match: 1</c>, <c>not</c> → <c>bool.must_not</c>,
/// <c>field:*</c> → <c>exists</c>, text fields → <c>match</c> / <c>match_phrase</c>, keyword fields →
/// <c>term</c>, wildcards → <c>wildcard</c>, ranges → <c>range</c>, free text → <c>multi_match</c> over the
/// default fields. Date values are resolved to the instants Elasticsearch would compute (see
/// <see cref="Time.DateBounds"/>), with the same clock and zone as the other back ends.
/// </summary>
public static class EsQueryTranslator
{
    public static JsonObject Translate(KqlQuery q, EsTranslationOptions? o = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        var options = o ?? new EsTranslationOptions();
        options.Kql.Validate();
        return q.Root is null ? MatchAll() : Node(q.Root, options);
    }

    private static JsonObject MatchAll() => new() { ["match_all"] = new JsonObject() };

    private static JsonObject MatchNone() => new() { ["match_none"] = new JsonObject() };

    private static JsonObject Node(KqlNode node, EsTranslationOptions o) => node switch
    {
        KqlMatchAll => MatchAll(),
        KqlAnd and => Bool("filter", and.Clauses.Select(c => Node(c, o))),
        KqlOr or => Should(or.Clauses.Select(c => Node(c, o))),
        KqlNot not => new JsonObject { ["bool"] = new JsonObject { ["must_not"] = Node(not.Inner, o) } },
        KqlExists e when o.NotSearchable.Contains(e.Field) => MatchNone(),
        KqlMatch { Field: { } f } when o.NotSearchable.Contains(f) => MatchNone(),
        KqlRange r when o.NotSearchable.Contains(r.Field) => MatchNone(),
        KqlExists e => Exists(e, o),
        KqlMatch { Field: null } m => Should(o.Kql.DefaultFields.Select(f => Match(f, m.Value, o))),
        KqlMatch m when m.IsFieldPattern && o.KnownFields is null => PatternMatch(m.Field!, m.Value),
        KqlMatch m => Should(Expand(m.Field!, o, f => m.Value.IsWildcard || o.Kql.KindOf(f) != KqlFieldKind.Date || o.Kql.TryResolveDate(m.Value.Text, out _)).Select(f => Match(f, m.Value, o))),
        KqlRange r when r.IsFieldPattern && o.KnownFields is null => PatternRange(r),
        KqlRange r => Should(Expand(r.Field, o, f => ValuePredicates.Fits(r.Value, o.Kql.KindOf(f), o.Kql)).Select(f => Range(f, r, o))),
        _ => throw new NotSupportedException($"KQL node {node.GetType().Name}"),
    };

    private static JsonObject Bool(string occur, IEnumerable<JsonObject> clauses) =>
        new() { ["bool"] = new JsonObject { [occur] = new JsonArray(clauses.ToArray<JsonNode?>()) } };

    private static JsonObject Should(IEnumerable<JsonObject> clauses)
    {
        var list = clauses.ToList();
        return list.Count switch
        {
            0 => MatchNone(),
            1 => list[0],
            _ => new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["should"] = new JsonArray(list.ToArray<JsonNode?>()),
                    ["minimum_should_match"] = 1,
                },
            },
        };
    }

    /// <param name="fits">For a name pattern: keeps the fields whose kind can hold the value (Kibana skips the others).</param>
    private static IReadOnlyList<string> Expand(string field, EsTranslationOptions o, Func<string, bool>? fits = null)
    {
        if (o.KnownFields is null || !field.Contains('*', StringComparison.Ordinal))
        {
            return [field];
        }

        var fields = KqlFieldNames.Expand(field, o.KnownFields).Order(StringComparer.Ordinal);
        return (fits is null ? fields : fields.Where(fits)).ToList();
    }

    private static JsonObject Exists(KqlExists e, EsTranslationOptions o)
    {
        if (e.IsFieldPattern && o.KnownFields is not null)
        {
            return Should(Expand(e.Field, o).Select(f => new JsonObject { ["exists"] = new JsonObject { ["field"] = f } }));
        }

        return new JsonObject { ["exists"] = new JsonObject { ["field"] = e.Field } };
    }

    private static JsonObject Match(string field, KqlValue value, EsTranslationOptions o)
    {
        var kind = o.Kql.KindOf(field);
        if (value.IsWildcard)
        {
            return kind switch
            {
                KqlFieldKind.Text when value.Segments.Any(s => s.Any(char.IsWhiteSpace)) => WordsWildcard(field, value.Segments),
                KqlFieldKind.Text => Wildcard(field, value.Segments.Select(s => s.ToLowerInvariant()), caseInsensitive: true),
                KqlFieldKind.Keyword or KqlFieldKind.Auto => Wildcard(field, value.Segments, caseInsensitive: false),
                _ => MatchNone(),
            };
        }

        switch (kind)
        {
            case KqlFieldKind.Keyword:
                return Leaf("term", field, new JsonObject { ["value"] = value.Text });
            case KqlFieldKind.Number when o.IntegerFields.TryGetValue(field, out var type):
                return IntegerTerm(field, value.Text, type);
            case KqlFieldKind.Number:
                // 1e999 reads as infinity, which no stored double equals (and JSON cannot carry).
                return KqlValues.ParseNumber(value.Text) is { } n && double.IsFinite(n) ? Leaf("term", field, new JsonObject { ["value"] = n }) : MatchNone();
            case KqlFieldKind.Date:
            {
                // Kibana sends gte and lte of the same text and Elasticsearch rounds them; the span is resolved here
                // (same instants, same clock and zone as the other back ends) and sent as a half-open range.
                var span = o.Kql.ResolveDate(value.Text);
                return Leaf("range", field, new JsonObject { ["gte"] = Iso(span.Lower), ["lt"] = Iso(span.UpperExclusive), ["format"] = "strict_date_optional_time" });
            }

            default:
                var query = new JsonObject { ["query"] = value.Text };
                if (kind == KqlFieldKind.Auto && !value.IsPhrase)
                {
                    query["lenient"] = true;
                }

                return Leaf(value.IsPhrase ? "match_phrase" : "match", field, query);
        }
    }

    private static JsonObject Wildcard(string field, IEnumerable<string> segments, bool caseInsensitive)
    {
        // The wildcard query's own syntax: '*' any run, '?' one character, '\' escapes.
        var pattern = string.Join('*', segments.Select(s => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("?", "\\?", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)));
        var body = new JsonObject { ["value"] = pattern };
        if (caseInsensitive)
        {
            body["case_insensitive"] = true;
        }

        return Leaf("wildcard", field, body);
    }

    /// <summary>
    /// A wildcard with spaces on a text field (<c>message:*connection refused*</c>). A text field is indexed as words, so a
    /// <c>wildcard</c> query (one pattern against one word) can never match across the space. The pattern is cut into
    /// words instead and those must follow one another with nothing between (an <c>intervals</c> query, ordered, no gaps):
    /// a word with a <c>*</c> is a <c>wildcard</c> rule, lower-cased as the standard analyzer indexes it; a plain word a
    /// <c>match</c> rule. Words are cut where the standard analyzer cuts them, at anything but a letter or a digit.
    /// </summary>
    private static JsonObject WordsWildcard(string field, IReadOnlyList<string> segments)
    {
        var words = new List<(string Text, bool Wild)>();
        var current = new StringBuilder();
        var wild = false;
        void Flush()
        {
            if (current.Length > 0 || wild)
            {
                words.Add((current.ToString(), wild));
            }

            current.Clear();
            wild = false;
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                current.Append('*');
                wild = true;
            }

            foreach (var c in segments[i])
            {
                if (char.IsLetterOrDigit(c))
                {
                    current.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    Flush();
                }
            }
        }

        Flush();
        // Words hold only letters, digits and '*', so the patterns need no escaping.
        var rules = words.Select(w => (JsonNode)(w.Wild
            ? new JsonObject { ["wildcard"] = new JsonObject { ["pattern"] = w.Text } }
            : new JsonObject { ["match"] = new JsonObject { ["query"] = w.Text } })).ToArray();
        return rules.Length switch
        {
            0 => new JsonObject { ["exists"] = new JsonObject { ["field"] = field } },
            1 => Leaf("intervals", field, rules[0].AsObject()),
            _ => Leaf("intervals", field, new JsonObject
            {
                ["all_of"] = new JsonObject { ["ordered"] = true, ["max_gaps"] = 0, ["intervals"] = new JsonArray(rules) },
            }),
        };
    }

    private static JsonObject Range(string field, KqlRange range, EsTranslationOptions o)
    {
        var kind = o.Kql.KindOf(field);
        if (kind == KqlFieldKind.Number && o.IntegerFields.TryGetValue(field, out var type))
        {
            return IntegerRange(field, range, type);
        }

        var key = OperatorKey(range.Operator);
        var body = new JsonObject();
        switch (kind)
        {
            case KqlFieldKind.Date:
            {
                var (atLeast, bound) = o.Kql.ResolveDate(range.Value).For(range.Operator.IsUpper(), range.Operator.IsInclusive());
                body[atLeast ? "gte" : "lt"] = Iso(bound);
                body["format"] = "strict_date_optional_time";
                break;
            }
            case KqlFieldKind.Number:
                var number = KqlValues.ParseNumber(range.Value) ?? throw new FormatException($"'{range.Value}' is not a number (range on {range.Field})");
                if (!double.IsFinite(number))
                {
                    return InfiniteBound(field, number, range.Operator);
                }

                body[key] = number;
                break;
            case KqlFieldKind.Auto when KqlValues.ParseNumber(range.Value) is { } n:
                if (!double.IsFinite(n))
                {
                    return InfiniteBound(field, n, range.Operator);
                }

                body[key] = n;
                break;
            default:
                body[key] = range.Value;
                break;
        }

        return Leaf("range", field, body);
    }

    /// <summary>
    /// A bound beyond a double's range (<c>1e999</c> reads as infinity, which JSON cannot carry and Elasticsearch refuses):
    /// every stored number is below +∞ and above −∞, so the range holds for every value the field has, or for none — as
    /// DuckDB, comparing with the same infinity, answers.
    /// </summary>
    private static JsonObject InfiniteBound(string field, double bound, KqlRangeOperator op) =>
        (bound > 0) == op.IsUpper() ? new JsonObject { ["exists"] = new JsonObject { ["field"] = field } } : MatchNone();

    // Whole-number fields. Elasticsearch's mapper parses a term or range value as the field's type: a value beyond the
    // type's range is an error (HTTP 400, "out of range for a long"); a fraction is a term that matches nothing in recent
    // versions and was a 400 in older ones. Kibana users see no hits for either, so both are settled here exactly (the
    // value is parsed as a decimal, not a double, so 9007199254740993 stays itself): equality with a fraction or an
    // out-of-range number matches nothing; a fractional range bound becomes the whole number it means (> 1.5 is >= 2,
    // <= 1.5 is <= 1); a bound beyond the type's range holds for every value the field can have (exists) or for none.
    private static JsonObject IntegerTerm(string field, string text, EsIntegerRange type) =>
        EsIntegerRange.TryParse(text, out var n, out var whole) && whole && n >= type.Min && n <= type.Max
            ? Leaf("term", field, new JsonObject { ["value"] = EsIntegerRange.Json(n) })
            : MatchNone();

    private static JsonObject IntegerRange(string field, KqlRange range, EsIntegerRange type)
    {
        if (!EsIntegerRange.TryParse(range.Value, out var floor, out var whole))
        {
            throw new FormatException($"'{range.Value}' is not a number (range on {range.Field})");
        }

        // The least (lower bounds) or greatest (upper bounds) whole number that satisfies the bound, inclusive.
        var upper = range.Operator.IsUpper();
        var bound = (upper, range.Operator.IsInclusive() || !whole) switch
        {
            (true, true) => floor,
            (true, false) => floor - 1,
            (false, true) => whole ? floor : floor + 1,
            (false, false) => floor + 1,
        };
        if (upper ? bound < type.Min : bound > type.Max)
        {
            return MatchNone();
        }

        if (upper ? bound >= type.Max : bound <= type.Min)
        {
            return new JsonObject { ["exists"] = new JsonObject { ["field"] = field } };
        }

        // A whole bound keeps the operator the user wrote; a fractional one is sent as the inclusive whole number.
        var key = whole ? OperatorKey(range.Operator) : upper ? "lte" : "gte";
        var value = whole ? floor : bound;
        return Leaf("range", field, new JsonObject { [key] = EsIntegerRange.Json(value) });
    }

    private static string OperatorKey(KqlRangeOperator op) => op switch
    {
        KqlRangeOperator.LessThan => "lt",
        KqlRangeOperator.LessThanOrEqual => "lte",
        KqlRangeOperator.GreaterThan => "gt",
        _ => "gte",
    };

    private static JsonObject PatternMatch(string fieldPattern, KqlValue value)
    {
        if (value.IsWildcard)
        {
            return new JsonObject
            {
                ["query_string"] = new JsonObject
                {
                    ["query"] = string.Join('*', value.Segments.Select(EscapeQueryString)),
                    ["fields"] = new JsonArray(fieldPattern),
                    ["analyze_wildcard"] = true,
                    ["lenient"] = true,
                },
            };
        }

        return new JsonObject
        {
            ["multi_match"] = new JsonObject
            {
                ["query"] = value.Text,
                ["fields"] = new JsonArray(fieldPattern),
                ["type"] = value.IsPhrase ? "phrase" : "best_fields",
                ["lenient"] = true,
            },
        };
    }

    private static JsonObject PatternRange(KqlRange r) => new()
    {
        ["query_string"] = new JsonObject
        {
            // The '*' of the field pattern stays escaped: query_string expands "gpu.\\*.pct" to the matching fields, while an
            // unescaped "gpu.*.pct:>0.9" is a syntax error (HTTP 400).
            ["query"] = $"{EscapeQueryString(r.Field)}:{r.Operator.Symbol()}{EscapeQueryString(r.Value)}",
            ["lenient"] = true,
        },
    };

    private static JsonObject Leaf(string type, string field, JsonObject body) =>
        new() { [type] = new JsonObject { [field] = body } };

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Escapes Lucene query_string syntax (Kibana's escapeQueryString); <c>&lt;</c> and <c>&gt;</c> cannot be escaped and are dropped.</summary>
    public static string EscapeQueryString(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (c is '<' or '>')
            {
                continue;
            }

            if ("+-=&|!(){}[]^\"~*?:\\/ ".Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
