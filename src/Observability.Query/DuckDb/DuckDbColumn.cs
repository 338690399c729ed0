namespace Observability.Query.DuckDb;

/// <summary>A typed column that holds one ECS field (DuckDB type name such as <c>VARCHAR</c>, <c>TIMESTAMPTZ</c>, <c>BIGINT</c>).</summary>
public sealed record DuckDbColumn(string Name, string SqlType);
