using System.Globalization;
using System.Text;

namespace Observability.Query.Kql;

/// <summary>KQL literals: quoted phrases, unquoted values with wildcards, and escapes.</summary>
public static partial class KqlParser
{
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
                if (!TryEscapedWhitespaceOrUnicode(s, current) && !TryEscapedSpecialOrKeyword(s, current))
                {
                    throw new KqlSyntaxException(
                        $"'\\{s.Text[s.Pos]}' is not an escape: escape only \\ ( ) : < > \" * {{ }}, the words and, or, not, or write \\t \\r \\n \\uXXXX",
                        s.Text,
                        escapeAt);
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

    /// <summary>
    /// At <c>s.Pos</c> (just after a backslash, outside quotes): one of Kibana's special characters or the keywords
    /// <c>or</c>, <c>and</c>, <c>not</c> (any case, kept as written). Kibana tries <c>\t \r \n</c> first, so <c>\not</c>
    /// is a newline and "ot", as there.
    /// </summary>
    private static bool TryEscapedSpecialOrKeyword(State s, StringBuilder sb)
    {
        var e = s.Text[s.Pos];
        if (e is '\\' or '(' or ')' or ':' or '<' or '>' or '"' or '*' or '{' or '}')
        {
            sb.Append(e);
            s.Pos++;
            return true;
        }

        foreach (var word in (ReadOnlySpan<string>)["or", "and", "not"])
        {
            if (s.Pos + word.Length <= s.Text.Length && string.Compare(s.Text, s.Pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                sb.Append(s.Text, s.Pos, word.Length);
                s.Pos += word.Length;
                return true;
            }
        }

        return false;
    }

    /// <summary>Kibana's <c>Space</c>: space, tab, CR, LF and the no-break space (U+00A0, pasted from web pages).</summary>
    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\u00A0';
}
