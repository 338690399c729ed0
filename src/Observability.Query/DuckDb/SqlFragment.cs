namespace Observability.Query.DuckDb;

/// <summary>
/// A SQL boolean expression with positional parameters <c>$1 … $n</c> (numbered from the translator's
/// <see cref="DuckDbTranslationOptions.FirstParameter"/>), and the parameter values in order. No value from a
/// query is ever part of <see cref="Where"/>.
/// </summary>
public sealed record SqlFragment(string Where, IReadOnlyList<object?> Parameters);
