namespace Observability.Pipelines.Patterns;

/// <summary>A leading field of a line: its kind and where it lies (<see cref="End"/> is exclusive).</summary>
public readonly record struct HeaderField(HeaderFieldKind Kind, int Start, int End);
