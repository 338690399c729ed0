namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// One held-out category: what the other categories chose (for the detector and for the reference), and how
/// both scored on the held-out files. <see cref="NabSummary.Standard"/> is NaN when the category has no labelled
/// windows (NAB's normalisation divides by the windows' worth), so compare <see cref="NabSummary.Raw"/> there.
/// </summary>
public sealed record NabFoldResult(string Category, int Files, NabChoice Choice, NabSummary Detector, NabChoice ReferenceChoice, NabSummary Reference);
