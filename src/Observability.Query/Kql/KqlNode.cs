namespace Observability.Query.Kql;

/// <summary>A node of the KQL syntax tree. Trees are immutable records, so equal queries compare equal.</summary>
public abstract record KqlNode;
