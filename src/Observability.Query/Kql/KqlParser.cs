using System.Globalization;
using System.Text;

namespace Observability.Query.Kql;

/// <summary>
/// Parses Kibana Query Language (the grammar of Kibana's <c>kbn-es-query</c> kuery grammar): <c>field:value</c>,
/// quoted phrases, <c>*</c> wildcards in values and field names, ranges, <c>field:*</c> (exists), <c>and</c>,
/// <c>or</c>, <c>not</c> (precedence not &gt; and &gt; or, keywords case-insensitive), parentheses,
/// <c>field:(a or b and c)</c> value groups, <c>field:{ nested }</c>, free text, and backslash escapes.
/// </summary>
/// <remarks>
/// Two deliberate relaxations of Kibana's grammar, both accept queries Kibana rejects and change no meaning:
/// <c>not</c> may be followed directly by <c>(</c>, and any character may be escaped with <c>\</c>.
/// <c>?</c> is a literal character, as in Kibana (KQL's only wildcard is <c>*</c>).
/// </remarks>
public static class KqlParser
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
            throw state.Error(state.Peek == ')' ? "unbalanced ')'" : $"expected 'and', 'or' or the end of the query but found '{state.Peek}'");
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
            return new KqlNot(ParseNot(s));
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
                throw s.Error(s.AtEnd ? $"missing ')' for the '(' at position {open}" : $"expected ')' but found '{s.Peek}'");
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
                throw s.Error(s.AtEnd ? $"missing ')' for the '(' at position {open}" : $"expected ')' but found '{s.Peek}'");
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
            return new KqlNot(ParseValueNot(s, field));
        }

        return ParseValueList(s, field);
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

    /// <summary>A quoted string or an unquoted literal (with wildcards); <c>null</c> if none starts here.</summary>
    private static KqlValue? ReadLiteral(State s) => s.Peek == '"' ? ReadQuoted(s) : ReadUnquoted(s);

    private static KqlValue ReadQuoted(State s)
    {
        var start = s.Pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (s.AtEnd)
            {
                throw new KqlSyntaxException("unterminated quoted string", s.Text, start);
            }

            var c = s.Text[s.Pos++];
            if (c == '"')
            {
                return KqlValue.Literal(sb.ToString(), isPhrase: true);
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (s.AtEnd)
            {
                throw new KqlSyntaxException("unterminated quoted string", s.Text, start);
            }

            var e = s.Text[s.Pos];
            if (e is '"' or '\\' || TryEscapedWhitespaceOrUnicode(s, sb))
            {
                if (e is '"' or '\\')
                {
                    sb.Append(e);
                    s.Pos++;
                }

                continue;
            }

            // Kibana keeps the backslash of an escape it does not know inside quotes ("a\*b" is a, \, *, b).
            sb.Append('\\');
        }
    }

    private static KqlValue? ReadUnquoted(State s)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var pendingSpace = new StringBuilder();
        var any = false;
        while (!s.AtEnd)
        {
            var c = s.Text[s.Pos];
            if (c == '\\')
            {
                var escapeAt = s.Pos++;
                if (s.AtEnd)
                {
                    throw new KqlSyntaxException("'\\' at the end of the query escapes nothing", s.Text, escapeAt);
                }

                current.Append(pendingSpace);
                pendingSpace.Clear();
                if (!TryEscapedWhitespaceOrUnicode(s, current))
                {
                    current.Append(s.Text[s.Pos++]);
                }

                any = true;
                continue;
            }

            if (c is '(' or ')' or ':' or '<' or '>' or '"' or '{' or '}')
            {
                break;
            }

            if (IsSpace(c))
            {
                if (s.KeywordAhead())
                {
                    break;
                }

                pendingSpace.Append(c);
                s.Pos++;
                continue;
            }

            current.Append(pendingSpace);
            pendingSpace.Clear();
            if (c == '*')
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }

            any = true;
            s.Pos++;
        }

        // Trailing whitespace is not part of the value (Kibana trims it); leave it for the keyword check.
        s.Pos -= pendingSpace.Length;
        if (!any)
        {
            return null;
        }

        segments.Add(current.ToString());
        return new KqlValue(segments, IsPhrase: false);
    }

    /// <summary>At <c>s.Pos</c> (just after a backslash): <c>t r n</c> or <c>uXXXX</c>; appends and advances if so.</summary>
    private static bool TryEscapedWhitespaceOrUnicode(State s, StringBuilder sb)
    {
        var e = s.Text[s.Pos];
        switch (e)
        {
            case 't': sb.Append('\t'); s.Pos++; return true;
            case 'r': sb.Append('\r'); s.Pos++; return true;
            case 'n': sb.Append('\n'); s.Pos++; return true;
            case 'u' when s.Pos + 4 < s.Text.Length
                && ushort.TryParse(s.Text.AsSpan(s.Pos + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                sb.Append((char)code);
                s.Pos += 5;
                return true;
            default: return false;
        }
    }

    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private sealed class State(string text)
    {
        private int _depth;

        public string Text { get; } = text;

        public int Pos { get; set; }

        public Stack<string> Prefixes { get; } = new();

        public bool AtEnd => Pos >= Text.Length;

        public char Peek => Pos < Text.Length ? Text[Pos] : '\0';

        public void SkipSpace()
        {
            while (Pos < Text.Length && IsSpace(Text[Pos]))
            {
                Pos++;
            }
        }

        public KqlSyntaxException Error(string reason) => new(reason, Text, Math.Min(Pos, Text.Length));

        public IDisposable Deeper()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"nested deeper than {MaxDepth} levels");
            }

            return new DepthScope(this);
        }

        /// <summary>Whitespace, then <c>or</c>/<c>and</c>, then whitespace or '(' or '"': consumes up to the keyword's end.</summary>
        public bool TryKeyword(string keyword)
        {
            var p = Pos;
            var spaces = 0;
            while (p < Text.Length && IsSpace(Text[p]))
            {
                p++;
                spaces++;
            }

            if (spaces == 0 || !WordAt(p, keyword, allowEnd: true))
            {
                return false;
            }

            Pos = p + keyword.Length;
            return true;
        }

        /// <summary><c>not</c> followed by whitespace or '(' at the current position.</summary>
        public bool TryLeadingNot()
        {
            if (!WordAt(Pos, "not"))
            {
                return false;
            }

            Pos += 3;
            return true;
        }

        /// <summary>At whitespace inside an unquoted literal: does a keyword follow that ends the literal?</summary>
        public bool KeywordAhead()
        {
            var p = Pos;
            while (p < Text.Length && IsSpace(Text[p]))
            {
                p++;
            }

            // A trailing "and"/"or" is a keyword (then an error: a clause is missing), not part of the value.
            return WordAt(p, "or", allowEnd: true) || WordAt(p, "and", allowEnd: true) || WordAt(p, "not");
        }

        public bool TryRangeOperator(out KqlRangeOperator op)
        {
            op = default;
            if (Peek is not ('<' or '>'))
            {
                return false;
            }

            var orEqual = Pos + 1 < Text.Length && Text[Pos + 1] == '=';
            op = (Peek, orEqual) switch
            {
                ('<', false) => KqlRangeOperator.LessThan,
                ('<', true) => KqlRangeOperator.LessThanOrEqual,
                ('>', false) => KqlRangeOperator.GreaterThan,
                _ => KqlRangeOperator.GreaterThanOrEqual,
            };
            Pos += orEqual ? 2 : 1;
            return true;
        }

        private bool WordAt(int p, string word, bool allowEnd = false)
        {
            if (p + word.Length > Text.Length || string.Compare(Text, p, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            var after = p + word.Length;
            return (allowEnd && after == Text.Length) || (after < Text.Length && (IsSpace(Text[after]) || Text[after] == '(' || Text[after] == '"'));
        }

        private sealed class DepthScope(State state) : IDisposable
        {
            public void Dispose() => state._depth--;
        }
    }
}
