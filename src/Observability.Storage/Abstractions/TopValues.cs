namespace Observability.Storage.Abstractions;

/// <summary>The most frequent values of a field, and how many hits had the field at all (<see cref="DocumentsWithField"/>).</summary>
public sealed record TopValues(string Field, IReadOnlyList<TermBucket> Buckets, long DocumentsWithField, long OtherCount);
