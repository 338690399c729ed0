using System.Text;
using Observability.Query.Evaluation;
using Observability.Query.Kql;
using Observability.Query.Time;

namespace Observability.Query.DuckDb;

/// <summary>
/// Translates KQL into a DuckDB <c>WHERE</c> expression with every value (and every JSON path built from a
/// field name) passed as a positional parameter, so queries of the same shape produce the same SQL text.
/// The meaning is <see cref="KqlEvaluator"/>'s, which the differential tests hold it to.
/// </summary>
public static class DuckDbSqlTranslator
{
    public static SqlFragment Translate(KqlQuery q, string table) => Translate(q, table, null);

    public static SqlFragment Translate(KqlQuery q, string table, DuckDbTranslationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (!IsIdentifier(table))
        {
            throw new ArgumentException($"'{table}' is not a plain table name", nameof(table));
        }

        var o = options ?? new DuckDbTranslationOptions();
        o.Validate();
        var b = new Builder(table, o);
        var where = q.Root is null ? "true" : b.Node(q.Root);
        return new SqlFragment(where, b.Parameters);
    }

    /// <summary>A plain SQL identifier (letters, digits, underscore; not starting with a digit).</summary>
    public static bool IsIdentifier(string name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The DuckDB JSON path of a dotted ECS field in the nested document: <c>host.name</c> → <c>$."host"."name"</c>.</summary>
    public static string JsonPath(string field)
    {
        var sb = new StringBuilder("$");
        foreach (var part in field.Split('.'))
        {
            sb.Append(".\"").Append(part.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return sb.ToString();
    }

    /// <summary>Escapes <c>%</c>, <c>_</c> and <c>\</c> for <c>LIKE … ESCAPE '\'</c>.</summary>
    public static string EscapeLike(string literal)
    {
        var sb = new StringBuilder(literal.Length + 4);
        foreach (var c in literal)
        {
            if (c is '%' or '_' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public static string LikePattern(IEnumerable<string> segments) => string.Join('%', segments.Select(EscapeLike));

    private sealed class Builder(string table, DuckDbTranslationOptions o)
    {
        public List<object?> Parameters { get; } = [];

        private KqlOptions Kql => o.Kql;

        public string Node(KqlNode node) => node switch
        {
            KqlMatchAll => "true",
            KqlAnd and => "(" + string.Join(" AND ", and.Clauses.Select(Node)) + ")",
            KqlOr or => "(" + string.Join(" OR ", or.Clauses.Select(Node)) + ")",
            KqlNot not => "(NOT " + Node(not.Inner) + ")",
            KqlExists e => AnyField(Expand(e.Field), Exists),
            KqlMatch m when m.Field is null => AnyField(Kql.DefaultFields, f => Match(f, m.Value)),
            KqlMatch m => AnyField(Expand(m.Field!, f => m.Value.IsWildcard || KindOf(f) != KqlFieldKind.Date || Kql.TryResolveDate(m.Value.Text, out _)), f => Match(f, m.Value)),
            KqlRange r => AnyField(Expand(r.Field, f => ValuePredicates.Fits(r.Value, KindOf(f), Kql)), f => Range(f, r)),
            _ => throw new NotSupportedException($"KQL node {node.GetType().Name}"),
        };

        private static string AnyField(IReadOnlyList<string> fields, Func<string, string> leaf) => fields.Count switch
        {
            0 => "false",
            1 => leaf(fields[0]),
            _ => "(" + string.Join(" OR ", fields.Select(leaf)) + ")",
        };

        /// <param name="fits">For a name pattern: keeps the fields whose kind can hold the value (Kibana skips the others).</param>
        private IReadOnlyList<string> Expand(string field, Func<string, bool>? fits = null)
        {
            if (!field.Contains('*', StringComparison.Ordinal))
            {
                return [field];
            }

            var candidates = o.Columns.Fields.Concat(o.KnownFields ?? []);
            var fields = KqlFieldNames.Expand(field, candidates).Order(StringComparer.Ordinal);
            return (fits is null ? fields : fields.Where(fits)).ToList();
        }

        private KqlFieldKind KindOf(string field) => o.Columns.TryGetColumn(field, out var column) ? ColumnKind(column, field) : Kql.KindOf(field);

        /// <summary>A date span or bound as half-open comparisons of <paramref name="x"/> (see <see cref="DateBounds"/>).</summary>
        private string DateEquals(string x, DateBounds span) => $"({x} >= {P(span.Lower)} AND {x} < {P(span.UpperExclusive)})";

        private string DateCompare(string x, KqlRange range)
        {
            var (atLeast, bound) = Kql.ResolveDate(range.Value).For(range.Operator.IsUpper(), range.Operator.IsInclusive());
            return $"{x} {(atLeast ? ">=" : "<")} {P(bound)}";
        }

        private string P(object? value)
        {
            Parameters.Add(value);
            return "$" + (o.FirstParameter + Parameters.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private string Col(string name) => $"\"{table}\".\"{name}\"";

        private string Doc => Col(o.DocColumn);

        private string Exists(string field)
        {
            if (o.Columns.TryGetColumn(field, out var column))
            {
                return $"({Col(column.Name)} IS NOT NULL)";
            }

            // The document is parsed once (json_extract); the small extracted value is inspected in a lambda.
            var prefilter = KeyPrefilter(field);
            var path = P(JsonPath(field));
            return $"{prefilter}COALESCE(list_transform([json_extract({Doc}, {path})], lambda v: CASE json_type(v) WHEN 'ARRAY' THEN len(list_filter(json_extract_string(v, '$[*]'), lambda x: x IS NOT NULL)) > 0 WHEN 'NULL' THEN false ELSE v IS NOT NULL END)[1], false){(prefilter.Length > 0 ? ")" : string.Empty)}";
        }

        private string Match(string field, KqlValue value)
        {
            if (!KqlFieldNames.IsValid(field))
            {
                throw new ArgumentException($"invalid field name '{field}'");
            }

            if (o.Columns.TryGetColumn(field, out var column))
            {
                var x = Col(column.Name);
                return ColumnKind(column, field) switch
                {
                    KqlFieldKind.Date => value.IsWildcard ? "false" : $"COALESCE({DateEquals(x, Kql.ResolveDate(value.Text))}, false)",
                    KqlFieldKind.Number => value.IsWildcard || KqlValues.ParseNumber(value.Text) is not { } n ? "false" : $"COALESCE(CAST({x} AS DOUBLE) = {P(n)}, false)",
                    var kind => $"({x} IS NOT NULL AND {StringMatch(x, value, kind)})",
                };
            }

            var kindOfField = Kql.KindOf(field);
            return OverJson(field, x => StringMatch(x, value, kindOfField));
        }

        private string Range(string field, KqlRange range)
        {
            var op = range.Operator.Symbol();
            if (o.Columns.TryGetColumn(field, out var column))
            {
                var x = Col(column.Name);
                return ColumnKind(column, field) switch
                {
                    KqlFieldKind.Date => $"COALESCE({DateCompare(x, range)}, false)",
                    KqlFieldKind.Number => $"COALESCE(CAST({x} AS DOUBLE) {op} {P(Number(range))}, false)",
                    var kind => $"({x} IS NOT NULL AND {StringRange(x, range, kind)})",
                };
            }

            var kindOfField = Kql.KindOf(field);
            return OverJson(field, x => StringRange(x, range, kindOfField));
        }

        private KqlFieldKind ColumnKind(DuckDbColumn column, string field) => column.SqlType.ToUpperInvariant() switch
        {
            "TIMESTAMPTZ" or "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" => KqlFieldKind.Date,
            "BIGINT" or "INTEGER" or "DOUBLE" or "FLOAT" or "SMALLINT" or "UBIGINT" or "HUGEINT" or "REAL" => KqlFieldKind.Number,
            _ => Kql.KindOf(field),
        };

        /// <summary>
        /// Applies a predicate over a VARCHAR value to a field of the JSON document: to the value itself, or to
        /// each element of an array (true when any is). Objects match nothing, missing fields give false.
        /// </summary>
        private string OverJson(string field, Func<string, string> predicate)
        {
            if (!KqlFieldNames.IsValid(field))
            {
                throw new ArgumentException($"invalid field name '{field}'");
            }

            // The document is parsed once (json_extract); the small extracted value is inspected in a lambda.
            var prefilter = KeyPrefilter(field);
            var path = P(JsonPath(field));
            var onElement = predicate("x");
            var onScalar = predicate("json_extract_string(v, '$')");
            return $"{prefilter}COALESCE(list_transform([json_extract({Doc}, {path})], lambda v: CASE json_type(v) WHEN 'ARRAY' THEN len(list_filter(json_extract_string(v, '$[*]'), lambda x: COALESCE({onElement}, false))) > 0 WHEN 'OBJECT' THEN false ELSE {onScalar} END)[1], false){(prefilter.Length > 0 ? ")" : string.Empty)}";
        }

        /// <summary>
        /// A cheap superset test before parsing the JSON: a document that has the field contains its last key,
        /// quoted, in its text. Only for plain ASCII keys, which every JSON writer leaves unescaped.
        /// </summary>
        private string KeyPrefilter(string field)
        {
            var key = field[(field.LastIndexOf('.') + 1)..];
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '-'))
            {
                return string.Empty;
            }

            return $"(contains(CAST({Doc} AS VARCHAR), {P("\"" + key + "\"")}) AND ";
        }

        private string StringMatch(string x, KqlValue value, KqlFieldKind kind)
        {
            switch (kind)
            {
                case KqlFieldKind.Text when value.IsWildcard:
                {
                    var segments = value.Segments.Select(s => s.ToLowerInvariant()).ToList();
                    if (segments.Any(s => !TextTokens.IsToken(s)))
                    {
                        // A token holds only token characters, so a pattern with others matches no token.
                        return "false";
                    }

                    var longest = segments.MaxBy(s => s.Length)!;
                    var prefilter = longest.Length == 0 ? string.Empty : $"regexp_matches({x}, {P("(?i)" + longest)}) AND ";
                    return $"({prefilter}regexp_matches(lower({x}), {P(TextTokens.WildcardRegex(segments))}))";
                }

                case KqlFieldKind.Text:
                {
                    var tokens = TextTokens.Tokenize(value.Text);
                    if (tokens.Count == 0)
                    {
                        return "false";
                    }

                    // A case-insensitive search for one token (RE2 finds literals fast; tokens need no escaping)
                    // is a cheap superset of the exact test on the lower-cased value, and prunes rows first.
                    if (value.IsPhrase || tokens.Count == 1)
                    {
                        var longest = tokens.MaxBy(t => t.Length)!;
                        return $"(regexp_matches({x}, {P("(?i)" + longest)}) AND regexp_matches(lower({x}), {P(TextTokens.PhraseRegex(tokens))}))";
                    }

                    return $"(regexp_matches({x}, {P("(?i)(" + string.Join('|', tokens.Distinct(StringComparer.Ordinal)) + ")")}) AND regexp_matches(lower({x}), {P(TextTokens.AnyTokenRegex(tokens))}))";
                }

                case KqlFieldKind.Keyword or KqlFieldKind.Auto when value.IsWildcard:
                    return $"({x} LIKE {P(LikePattern(value.Segments))} ESCAPE '\\')";
                case KqlFieldKind.Keyword:
                    return $"({x} = {P(value.Text)})";
                case KqlFieldKind.Auto:
                    return KqlValues.ParseNumber(value.Text) is { } n
                        ? $"({x} = {P(value.Text)} OR COALESCE(TRY_CAST({x} AS DOUBLE) = {P(n)}, false))"
                        : $"({x} = {P(value.Text)})";
                case KqlFieldKind.Number:
                    return value.IsWildcard || KqlValues.ParseNumber(value.Text) is not { } num ? "false" : $"COALESCE(TRY_CAST({x} AS DOUBLE) = {P(num)}, false)";
                default:
                    return value.IsWildcard ? "false" : $"COALESCE({DateEquals($"TRY_CAST({x} AS TIMESTAMPTZ)", Kql.ResolveDate(value.Text))}, false)";
            }
        }

        private string StringRange(string x, KqlRange range, KqlFieldKind kind)
        {
            var op = range.Operator.Symbol();
            return kind switch
            {
                KqlFieldKind.Date => $"COALESCE({DateCompare($"TRY_CAST({x} AS TIMESTAMPTZ)", range)}, false)",
                KqlFieldKind.Number => $"COALESCE(TRY_CAST({x} AS DOUBLE) {op} {P(Number(range))}, false)",
                KqlFieldKind.Auto when KqlValues.ParseNumber(range.Value) is { } n => $"COALESCE(TRY_CAST({x} AS DOUBLE) {op} {P(n)}, false)",
                _ => $"({x} {op} {P(range.Value)})",
            };
        }

        private static double Number(KqlRange range) =>
            KqlValues.ParseNumber(range.Value) ?? throw new FormatException($"'{range.Value}' is not a number (range on {range.Field})");
    }
}
