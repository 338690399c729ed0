namespace Observability.Query.Kql;

/// <summary>
/// Parses Kibana Query Language (the grammar of Kibana's <c>kbn-es-query</c> kuery grammar): <c>field:value</c>,
/// quoted phrases, <c>*</c> wildcards in values and field names, ranges, <c>field:*</c> (exists), <c>and</c>,
/// <c>or</c>, <c>not</c> (precedence not &gt; and &gt; or, keywords case-insensitive), parentheses,
/// <c>field:(a or b and c)</c> value groups, <c>field:{ nested }</c>, free text, and backslash escapes.
/// </summary>
/// <remarks>
/// Whitespace, keywords and escapes follow Kibana's grammar exactly (see docs/kql.md); a trailing <c>and</c>/<c>or</c> is an
/// error here (a clause is missing) where Kibana would read it as part of the value.
/// <c>?</c> is a literal character, as in Kibana (KQL's only wildcard is <c>*</c>).
/// </remarks>
public static partial class KqlParser
{
    /// <summary>Longest query accepted (characters).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Deepest nesting of parentheses and <c>not</c> accepted.</summary>
    public const int MaxDepth = 128;

    public static KqlQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new KqlSyntaxException($"query is longer than {MaxLength} characters", text[..80] + "…", 80);
        }

        var state = new State(text);
        state.SkipSpace();
        if (state.AtEnd)
        {
            return new KqlQuery(null, text);
        }

        var root = ParseOr(state);
        state.SkipSpace();
        if (!state.AtEnd)
        {
            throw state.Peek == ')' ? state.Error("unbalanced ')'") : state.Unexpected("'and', 'or' or the end of the query");
        }

        return new KqlQuery(root, text);
    }

    /// <summary>Parses, returning <c>false</c> and the error instead of throwing.</summary>
    public static bool TryParse(string text, out KqlQuery? query, out KqlSyntaxException? error)
    {
        try
        {
            query = Parse(text);
            error = null;
            return true;
        }
        catch (KqlSyntaxException e)
        {
            query = null;
            error = e;
            return false;
        }
    }

    private static KqlNode ParseOr(State s)
    {
        var first = ParseAnd(s);
        List<KqlNode>? clauses = null;
        while (s.TryKeyword("or"))
        {
            (clauses ??= [first]).Add(ParseAnd(s));
        }

        return clauses is null ? first : new KqlOr(clauses);
    }

    private static KqlNode ParseAnd(State s)
    {
        var first = ParseNot(s);
        List<KqlNode>? clauses = null;
        while (s.TryKeyword("and"))
        {
            (clauses ??= [first]).Add(ParseNot(s));
        }

        return clauses is null ? first : new KqlAnd(clauses);
    }

    private static KqlNode ParseNot(State s)
    {
        s.SkipSpace();
        if (s.TryLeadingNot())
        {
            using var _ = s.Deeper();
            RejectDoubleNot(s);
            return new KqlNot(ParseSub(s));
        }

        return ParseSub(s);
    }

    private static KqlNode ParseSub(State s)
    {
        s.SkipSpace();
        if (s.Peek == '(')
        {
            using var _ = s.Deeper();
            var open = s.Pos++;
            var inner = ParseOr(s);
            s.SkipSpace();
            if (s.Peek != ')')
            {
                throw s.AtEnd ? s.Error($"missing ')' for the '(' at position {open}") : s.Unexpected("')'");
            }

            s.Pos++;
            return inner;
        }

        return ParseExpression(s);
    }

    private static KqlNode ParseExpression(State s)
    {
        if (s.AtEnd)
        {
            throw s.Error("expected a field, a value or '(' but the query ended");
        }

        var start = s.Pos;
        var literal = ReadLiteral(s) ?? throw s.Error($"expected a field, a value or '(' but found '{s.Peek}'");
        var afterLiteral = s.Pos;
        s.SkipSpace();
        if (s.Peek == ':')
        {
            var field = FieldName(s, literal, start);
            s.Pos++;
            s.SkipSpace();
            if (s.Peek == '{')
            {
                return ParseNested(s, field);
            }

            return ParseValueList(s, field);
        }

        if (s.TryRangeOperator(out var op))
        {
            var field = FieldName(s, literal, start);
            s.SkipSpace();
            var valueStart = s.Pos;
            var value = ReadLiteral(s) ?? throw s.Error($"expected a value after '{op.Symbol()}'");
            if (value.Segments.Count == 1 && value.Segments[0].Length == 0 && !value.IsPhrase)
            {
                throw new KqlSyntaxException($"expected a value after '{op.Symbol()}'", s.Text, valueStart);
            }

            return new KqlRange(field, op, value.Text);
        }

        s.Pos = afterLiteral;
        return Leaf(s, null, literal);
    }

    private static KqlNode ParseNested(State s, string field)
    {
        using var _ = s.Deeper();
        var open = s.Pos++;
        s.Prefixes.Push(field);
        var inner = ParseOr(s);
        s.Prefixes.Pop();
        s.SkipSpace();
        if (s.Peek != '}')
        {
            throw s.Error(s.AtEnd ? $"missing '}}' for the '{{' at position {open}" : $"expected '}}' but found '{s.Peek}'");
        }

        s.Pos++;
        return inner;
    }

    private static KqlNode ParseValueList(State s, string field)
    {
        s.SkipSpace();
        if (s.Peek == '(')
        {
            using var _ = s.Deeper();
            var open = s.Pos++;
            var inner = ParseValueOr(s, field);
            s.SkipSpace();
            if (s.Peek != ')')
            {
                throw s.AtEnd ? s.Error($"missing ')' for the '(' at position {open}") : s.Unexpected("')'");
            }

            s.Pos++;
            return inner;
        }

        if (s.AtEnd)
        {
            throw s.Error($"expected a value after '{field}:' but the query ended");
        }

        var value = ReadLiteral(s) ?? throw s.Error($"expected a value after '{field}:' but found '{s.Peek}'");
        return Leaf(s, field, value);
    }

    private static KqlNode ParseValueOr(State s, string field)
    {
        var first = ParseValueAnd(s, field);
        List<KqlNode>? clauses = null;
        while (s.TryKeyword("or"))
        {
            (clauses ??= [first]).Add(ParseValueAnd(s, field));
        }

        return clauses is null ? first : new KqlOr(clauses);
    }

    private static KqlNode ParseValueAnd(State s, string field)
    {
        var first = ParseValueNot(s, field);
        List<KqlNode>? clauses = null;
        while (s.TryKeyword("and"))
        {
            (clauses ??= [first]).Add(ParseValueNot(s, field));
        }

        return clauses is null ? first : new KqlAnd(clauses);
    }

    private static KqlNode ParseValueNot(State s, string field)
    {
        s.SkipSpace();
        if (s.TryLeadingNot())
        {
            using var _ = s.Deeper();
            RejectDoubleNot(s);
            return new KqlNot(ParseValueList(s, field));
        }

        return ParseValueList(s, field);
    }

    /// <summary>Kibana's <c>NotQuery = Not SubQuery</c>: <c>not</c> applies to a term or a group, never to another <c>not</c>.</summary>
    private static void RejectDoubleNot(State s)
    {
        s.SkipSpace();
        if (s.NotAhead)
        {
            throw s.Error("'not not' is not allowed (as in Kibana): drop both, or write 'not (not …)'");
        }
    }

    private static KqlNode Leaf(State s, string? field, KqlValue value)
    {
        if (value.IsAnything)
        {
            return field is null ? KqlMatchAll.Instance : new KqlExists(field);
        }

        if (value.Segments.Count == 1 && value.Segments[0].Length == 0 && !value.IsPhrase)
        {
            throw s.Error("expected a value");
        }

        return new KqlMatch(field, value);
    }

    private static string FieldName(State s, KqlValue literal, int start)
    {
        var name = literal.Text.Trim();
        if (name.Length == 0)
        {
            throw new KqlSyntaxException("empty field name", s.Text, start);
        }

        return s.Prefixes.Count == 0 ? name : string.Join('.', s.Prefixes.Reverse()) + "." + name;
    }
}
