namespace Observability.Storage.DuckDb;

/// <summary>A WHERE expression with its positional parameters <c>$1 … $n</c>.</summary>
internal sealed record DuckDbFilter(string Where, IReadOnlyList<object?> Parameters);
