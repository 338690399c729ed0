using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Observability.Core.Documents;

namespace Observability.Pipelines.Conditions;

/// <summary>
/// Compiles the KQL subset pipeline conditions use into a predicate: <c>field: value</c>, wildcards
/// (<c>field: nccl*</c>), existence (<c>field: *</c>), value lists (<c>field: (a or b)</c>), ranges
/// (<c>field &gt;= 3</c>), quoted phrases, free text (matched in <c>message</c>), <c>and</c>/<c>or</c>/<c>not</c>
/// and parentheses. Text fields (<c>message</c>, <c>event.original</c>) match a value or phrase anywhere,
/// case-insensitively, as an analysed field would; other fields match whole values.
/// </summary>
public sealed class KqlConditionCompiler : IConditionCompiler
{
    public Func<EcsDocument, bool> Compile(string kql) => new Parser(kql).ParseAll();

    private static bool IsTextField(string field) => field is EcsFields.Message or EcsFields.EventOriginal or "error.message";

    private sealed class Parser(string text)
    {
        private int _pos;

        public Func<EcsDocument, bool> ParseAll()
        {
            var e = Or();
            SkipSpace();
            return _pos < text.Length ? throw Fail($"unexpected '{text[_pos]}'") : e;
        }

        private Func<EcsDocument, bool> Or()
        {
            var left = And();
            while (Keyword("or"))
            {
                var l = left;
                var r = And();
                left = d => l(d) || r(d);
            }

            return left;
        }

        private Func<EcsDocument, bool> And()
        {
            var left = Not();
            while (Keyword("and"))
            {
                var l = left;
                var r = Not();
                left = d => l(d) && r(d);
            }

            return left;
        }

        private Func<EcsDocument, bool> Not()
        {
            if (Keyword("not"))
            {
                var inner = Not();
                return d => !inner(d);
            }

            return Primary();
        }

        private Func<EcsDocument, bool> Primary()
        {
            SkipSpace();
            if (Eat('('))
            {
                var inner = Or();
                return Eat(')') ? inner : throw Fail("expected ')'");
            }

            var start = _pos;
            var first = Value(out var quoted);
            SkipSpace();
            if (!quoted && Eat(':'))
            {
                return FieldClause(first);
            }

            foreach (var op in new[] { ">=", "<=", ">", "<" })
            {
                if (!quoted && text.AsSpan(_pos).StartsWith(op, StringComparison.Ordinal))
                {
                    _pos += op.Length;
                    var bound = Value(out _);
                    return Range(first, op, bound);
                }
            }

            _ = start;
            return Match(EcsFields.Message, first, quoted);
        }

        private Func<EcsDocument, bool> FieldClause(string field)
        {
            SkipSpace();
            if (Eat('('))
            {
                var alternatives = new List<Func<EcsDocument, bool>>();
                do
                {
                    var v = Value(out var q);
                    alternatives.Add(Match(field, v, q));
                }
                while (Keyword("or"));

                if (!Eat(')'))
                {
                    throw Fail("expected ')' after the value list");
                }

                var all = alternatives.ToArray();
                return d =>
                {
                    foreach (var a in all)
                    {
                        if (a(d))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            }

            var value = Value(out var quoted);
            return Match(field, value, quoted);
        }

        private static Func<EcsDocument, bool> Match(string field, string value, bool quoted)
        {
            if (!quoted && value == "*")
            {
                return d => d.Contains(field);
            }

            var text = IsTextField(field);
            if (!quoted && value.Contains('*', StringComparison.Ordinal))
            {
                var pattern = "^" + Regex.Escape(value).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
                if (text)
                {
                    pattern = Regex.Escape(value.Trim('*')).Replace("\\*", ".*", StringComparison.Ordinal);
                }

                var regex = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | (text ? RegexOptions.IgnoreCase : RegexOptions.None));
                return d => d[field] switch
                {
                    null => false,
                    string s => regex.IsMatch(s),
                    _ => Values(d, field).Any(regex.IsMatch),
                };
            }

            if (text)
            {
                return d => d[field] switch
                {
                    null => false,
                    string s => s.Contains(value, StringComparison.OrdinalIgnoreCase),
                    _ => Values(d, field).Any(v => v.Contains(value, StringComparison.OrdinalIgnoreCase)),
                };
            }

            var isNumber = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
            return d => d[field] switch
            {
                null => false,
                string s => string.Equals(s, value, StringComparison.Ordinal),
                long l => isNumber && l == number,
                double x => isNumber && x.Equals(number),
                bool b => bool.TryParse(value, out var vb) && b == vb,
                _ => Values(d, field).Any(v => string.Equals(v, value, StringComparison.Ordinal)),
            };
        }

        private Func<EcsDocument, bool> Range(string field, string op, string bound)
        {
            if (double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return op switch
                {
                    ">=" => d => d.GetDouble(field) >= n,
                    "<=" => d => d.GetDouble(field) <= n,
                    ">" => d => d.GetDouble(field) > n,
                    _ => d => d.GetDouble(field) < n,
                };
            }

            return DateTimeOffset.TryParse(bound, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? op switch
                {
                    ">=" => d => Time(d, field) >= t,
                    "<=" => d => Time(d, field) <= t,
                    ">" => d => Time(d, field) > t,
                    _ => d => Time(d, field) < t,
                }
                : throw Fail($"range bound '{bound}' is neither a number nor a date");
        }

        private static DateTimeOffset? Time(EcsDocument d, string field) => d[field] switch
        {
            DateTimeOffset t => t,
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
            _ => null,
        };

        private static IEnumerable<string> Values(EcsDocument d, string field)
        {
            switch (d[field])
            {
                case null:
                    yield break;
                case string s:
                    yield return s;
                    break;
                case System.Collections.IEnumerable list:
                    foreach (var item in list)
                    {
                        if (item is not null)
                        {
                            yield return Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty;
                        }
                    }

                    break;
                default:
                    yield return d.GetString(field) ?? string.Empty;
                    break;
            }
        }

        private string Value(out bool quoted)
        {
            SkipSpace();
            quoted = false;
            if (Eat('"'))
            {
                quoted = true;
                var sb = new StringBuilder();
                while (_pos < text.Length && text[_pos] != '"')
                {
                    if (text[_pos] == '\\' && _pos + 1 < text.Length)
                    {
                        _pos++;
                    }

                    sb.Append(text[_pos++]);
                }

                return Eat('"') ? sb.ToString() : throw Fail("unterminated quoted value");
            }

            var start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not ('(' or ')' or ':' or '<' or '>' or '"'))
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }

                _pos++;
            }

            return _pos > start ? text[start.._pos].Replace("\\", string.Empty, StringComparison.Ordinal) : throw Fail("expected a field or value");
        }

        private bool Keyword(string word)
        {
            SkipSpace();
            var rest = text.AsSpan(_pos);
            if (rest.Length > word.Length && rest.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (char.IsWhiteSpace(rest[word.Length]) || rest[word.Length] == '('))
            {
                _pos += word.Length;
                return true;
            }

            return false;
        }

        private bool Eat(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private FormatException Fail(string problem) => new($"{problem} at position {_pos + 1}");
    }
}
