namespace Observability.Benchmarks.Detection.Nab;

/// <summary>One NAB data file: its name relative to <c>data/</c>, rows and labelled windows (as row indices).</summary>
public sealed record NabFile(string Name, IReadOnlyList<DateTime> Timestamps, IReadOnlyList<double> Values, IReadOnlyList<(DateTime Start, DateTime End)> Windows);
