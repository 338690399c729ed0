using System.Globalization;
using System.Text;

namespace Observability.Query.Kql;

/// <summary>
/// The analysis of <see cref="KqlFieldKind.Text"/> fields, spelled once so that the evaluator, the DuckDB SQL
/// and the documentation agree: lower-case the value, replace every run of characters that are not letters,
/// combining marks, digits or <c>_</c> by one space, and pad with a space at each end. Tokens are the pieces between spaces.
/// This is close to Elasticsearch's <c>standard</c> analyser (it differs for e.g. <c>example.com</c>, which
/// the standard tokenizer keeps whole, and for apostrophes).
/// </summary>
public static class TextTokens
{
    /// <summary>A token character in RE2 (DuckDB) syntax, and its complement.</summary>
    private const string TokenClass = "[\\pL\\pM\\pN_]";
    private const string Boundary = "[^\\pL\\pM\\pN_]";

    /// <summary>
    /// RE2 pattern, over the lower-cased value, equivalent to <c>Normalize(value).Contains(PhraseNeedle(tokens))</c>:
    /// the tokens in sequence, separated by non-token characters, at token boundaries.
    /// Tokens hold only letters, marks, digits and <c>_</c>, so they need no escaping.
    /// </summary>
    public static string PhraseRegex(IReadOnlyList<string> tokens) =>
        "(^|" + Boundary + ")" + string.Join(Boundary + "+", tokens) + "($|" + Boundary + ")";

    /// <summary>RE2 pattern: any one of the tokens as a whole token.</summary>
    public static string AnyTokenRegex(IReadOnlyList<string> tokens) =>
        "(^|" + Boundary + ")(" + string.Join('|', tokens.Distinct(StringComparer.Ordinal)) + ")($|" + Boundary + ")";

    /// <summary>
    /// RE2 pattern: one whole token matching the wildcard segments (each <c>*</c> any run of token characters).
    /// Segments must be tokens themselves or empty (<see cref="IsToken"/>), so they need no escaping.
    /// </summary>
    public static string WildcardRegex(IReadOnlyList<string> segments) =>
        "(^|" + Boundary + ")" + string.Join(TokenClass + "*", segments) + "($|" + Boundary + ")";

    /// <summary>True when every character of <paramref name="s"/> is a token character (the empty string too).</summary>
    public static bool IsToken(string s)
    {
        foreach (var r in s.EnumerateRunes())
        {
            if (!IsTokenRune(r))
            {
                return false;
            }
        }

        return true;
    }

    public static string Normalize(string value)
    {
        var lower = value.ToLowerInvariant();
        var sb = new StringBuilder(lower.Length + 2);
        sb.Append(' ');
        var inGap = false;
        foreach (var r in lower.EnumerateRunes())
        {
            if (IsTokenRune(r))
            {
                sb.Append(r.ToString());
                inGap = false;
            }
            else if (!inGap)
            {
                sb.Append(' ');
                inGap = true;
            }
        }

        sb.Append(' ');
        return sb.ToString();
    }

    /// <summary>The non-empty tokens of a value (query side).</summary>
    public static IReadOnlyList<string> Tokenize(string value) =>
        Normalize(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The split of a normalised value exactly as DuckDB's <c>string_split(norm, ' ')</c> gives it (empty pieces included).</summary>
    public static string[] SplitNormalized(string normalized) => normalized.Split(' ');

    /// <summary>A phrase as the substring it is in a normalised value: <c>" tok1 tok2 "</c>.</summary>
    public static string PhraseNeedle(IReadOnlyList<string> tokens) => " " + string.Join(' ', tokens) + " ";

    public static bool IsTokenRune(Rune r) => r.Value == '_' || Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };
}
