namespace Observability.Query.Kql;

/// <summary>
/// A value after a field (or free text). Unquoted values may hold wildcards: <see cref="Segments"/> are the
/// literal pieces between unescaped <c>*</c>s (<c>a*b</c> → <c>["a","b"]</c>, <c>err*</c> → <c>["err",""]</c>);
/// a value without wildcards has exactly one segment. Quoted values (<see cref="IsPhrase"/>) never have wildcards.
/// </summary>
public sealed record KqlValue(IReadOnlyList<string> Segments, bool IsPhrase)
{
    public static KqlValue Literal(string text, bool isPhrase = false) => new([text], isPhrase);

    public static KqlValue Pattern(params string[] segments) => new(segments, false);

    public bool IsWildcard => Segments.Count > 1;

    /// <summary>Only wildcards, no literal text (<c>*</c>, <c>**</c>).</summary>
    public bool IsAnything => IsWildcard && Segments.All(s => s.Length == 0);

    /// <summary>The literal text; for a pattern, the segments joined by <c>*</c>.</summary>
    public string Text => Segments.Count == 1 ? Segments[0] : string.Join('*', Segments);

    public bool Equals(KqlValue? other) => other is not null && IsPhrase == other.IsPhrase && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => HashCode.Combine(IsPhrase, Text, Segments.Count);

    public override string ToString() => IsPhrase ? "\"" + Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : Text;
}
