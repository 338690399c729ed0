namespace Observability.Query.Kql;

/// <summary>The parser's cursor: position, keywords, nesting depth and the field prefixes of nested queries.</summary>
public static partial class KqlParser
{
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

        /// <summary>
        /// The error for an unexpected character; a keyword glued to <c>(</c> or <c>"</c> gets its own message, since
        /// Kibana's grammar needs whitespace after <c>and</c>, <c>or</c> and <c>not</c>.
        /// </summary>
        public KqlSyntaxException Unexpected(string expected)
        {
            if (Peek is '(' or '"' && GluedKeywordAt(Pos) is { } word)
            {
                return Error($"'{word}' must be followed by a space, as in Kibana: write '{word} {Peek}'");
            }

            return Error($"expected {expected} but found '{Peek}'");
        }

        /// <summary><c>not</c> and whitespace at the current position, without consuming it.</summary>
        public bool NotAhead => WordAt(Pos, "not");

        public IDisposable Deeper()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"nested deeper than {MaxDepth} levels");
            }

            return new DepthScope(this);
        }

        /// <summary>Whitespace, then <c>or</c>/<c>and</c>, then whitespace (Kibana's <c>Space+ 'or'i Space+</c>): consumes up to the keyword's end.</summary>
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

        /// <summary><c>not</c> followed by whitespace at the current position (Kibana's <c>'not'i Space+</c>).</summary>
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
        /// <summary>A keyword directly before <c>(</c> or <c>"</c> (<c>not(a)</c>, <c>a and(b)</c>), which Kibana rejects.</summary>
        public string? GluedKeywordAt(int p)
        {
            foreach (var word in (ReadOnlySpan<string>)["not", "and", "or"])
            {
                var start = p - word.Length;
                if (start >= 0 && string.Compare(Text, start, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && (start == 0 || IsSpace(Text[start - 1]) || Text[start - 1] == '('))
                {
                    return word;
                }
            }

            return null;
        }

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
            return (allowEnd && after == Text.Length) || (after < Text.Length && IsSpace(Text[after]));
        }

        private sealed class DepthScope(State state) : IDisposable
        {
            public void Dispose() => state._depth--;
        }
    }
}
