namespace Observability.Query.Kql;

/// <summary>
/// <c>field:value</c>, or free text when <see cref="Field"/> is <c>null</c> (searched in the default fields).
/// A field containing <c>*</c> is a pattern over field names (<c>host.*:x</c>).
/// </summary>
public sealed record KqlMatch(string? Field, KqlValue Value) : KqlNode
{
    public bool IsFieldPattern => Field is not null && Field.Contains('*', StringComparison.Ordinal);

    public override string ToString() => Field is null ? Value.ToString() : $"{Field}:{Value}";
}
