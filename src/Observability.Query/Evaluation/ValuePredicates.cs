using Observability.Query.Kql;

namespace Observability.Query.Evaluation;

/// <summary>Predicates over one leaf value of a field, per field kind (see <see cref="KqlEvaluator"/>).</summary>
internal static class ValuePredicates
{
    private static readonly Func<object, bool> Nothing = static _ => false;

    /// <param name="lenient">
    /// For a field matched by a name pattern (<c>*:generic</c>): a value the field's kind cannot hold (not a date, not a
    /// number) matches nothing in that field instead of failing the query.
    /// </param>
    public static Func<object, bool> ForMatch(KqlValue value, KqlFieldKind kind, KqlOptions o, bool lenient = false)
    {
        switch (kind)
        {
            case KqlFieldKind.Text when value.IsWildcard:
            {
                var segments = value.Segments.Select(s => s.ToLowerInvariant()).ToArray();
                return v => KqlValues.AsString(v) is { } s && TextTokens.SplitNormalized(TextTokens.Normalize(s)).Any(t => Glob.IsMatch(t, segments, ignoreCase: false));
            }

            case KqlFieldKind.Text:
            {
                var tokens = TextTokens.Tokenize(value.Text);
                if (tokens.Count == 0)
                {
                    return static _ => false;
                }

                if (value.IsPhrase)
                {
                    var needle = TextTokens.PhraseNeedle(tokens);
                    return v => KqlValues.AsString(v) is { } s && TextTokens.Normalize(s).Contains(needle, StringComparison.Ordinal);
                }

                var set = tokens.ToHashSet(StringComparer.Ordinal);
                return v => KqlValues.AsString(v) is { } s && TextTokens.SplitNormalized(TextTokens.Normalize(s)).Any(set.Contains);
            }

            case KqlFieldKind.Keyword when value.IsWildcard:
            case KqlFieldKind.Auto when value.IsWildcard:
            {
                var segments = value.Segments.ToArray();
                return v => KqlValues.AsString(v) is { } s && Glob.IsMatch(s, segments, ignoreCase: false);
            }

            case KqlFieldKind.Keyword:
            {
                var text = value.Text;
                return v => KqlValues.AsString(v) is { } s && string.Equals(s, text, StringComparison.Ordinal);
            }

            case KqlFieldKind.Auto:
            {
                var text = value.Text;
                var number = KqlValues.ParseNumber(text);
                return v => (KqlValues.AsString(v) is { } s && string.Equals(s, text, StringComparison.Ordinal))
                    || (number is { } n && KqlValues.AsNumber(v) is { } x && x == n);
            }

            case KqlFieldKind.Number:
            {
                if (value.IsWildcard || KqlValues.ParseNumber(value.Text) is not { } n)
                {
                    return static _ => false;
                }

                return v => KqlValues.AsNumber(v) is { } x && x == n;
            }

            default:
            {
                if (value.IsWildcard)
                {
                    return static _ => false;
                }

                if (lenient && !o.TryResolveDate(value.Text, out _))
                {
                    return Nothing;
                }

                var span = o.ResolveDate(value.Text);
                return v => KqlValues.AsDate(v) is { } t && span.Contains(t);
            }
        }
    }

    public static Func<object, bool> ForRange(KqlRange range, KqlFieldKind kind, KqlOptions o, bool lenient = false)
    {
        var op = range.Operator;
        if (lenient && !Fits(range.Value, kind, o))
        {
            return Nothing;
        }

        switch (kind)
        {
            case KqlFieldKind.Date:
            {
                var span = o.ResolveDate(range.Value);
                var (upper, inclusive) = (op.IsUpper(), op.IsInclusive());
                return v => KqlValues.AsDate(v) is { } t && span.Accepts(upper, inclusive, t);
            }

            case KqlFieldKind.Number:
            {
                var n = KqlValues.ParseNumber(range.Value) ?? throw new FormatException($"'{range.Value}' is not a number (range on {range.Field})");
                return v => KqlValues.AsNumber(v) is { } x && op.Accepts(x.CompareTo(n));
            }

            case KqlFieldKind.Auto when KqlValues.ParseNumber(range.Value) is { } n:
                return v => KqlValues.AsNumber(v) is { } x && op.Accepts(x.CompareTo(n));

            default:
            {
                var bound = range.Value;
                return v => KqlValues.AsString(v) is { } s && op.Accepts(KqlValues.CompareCodePoints(s, bound));
            }
        }
    }

    /// <summary>Can a field of <paramref name="kind"/> be compared with <paramref name="value"/> by a range?</summary>
    public static bool Fits(string value, KqlFieldKind kind, KqlOptions o) => kind switch
    {
        KqlFieldKind.Date => o.TryResolveDate(value, out _),
        KqlFieldKind.Number => KqlValues.ParseNumber(value) is not null,
        _ => true,
    };
}
