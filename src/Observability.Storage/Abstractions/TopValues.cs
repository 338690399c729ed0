namespace Observability.Storage.Abstractions;

/// <summary>The most frequent values of a field, how many values the hits have in all (<see cref="TotalValues"/>, each array element counted) and how many of those are not in the top (<see cref="OtherCount"/>).</summary>
public sealed record TopValues(string Field, IReadOnlyList<TermBucket> Buckets, long TotalValues, long OtherCount);
