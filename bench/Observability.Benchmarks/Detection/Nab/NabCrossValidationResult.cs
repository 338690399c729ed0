namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// The folds of a leave-one-category-out run; every file scored by its own fold's choice and normalised together
/// (<see cref="Pooled"/>: one NAB score over the whole folder in which no file helped choose its own settings); and the procedure's choice with every category in training (scored
/// on the same files it was chosen on, so <see cref="FullFit"/> is a fit, not a held-out figure).
/// </summary>
public sealed record NabCrossValidationResult(
    IReadOnlyList<NabFoldResult> Folds,
    NabSummary Pooled,
    NabSummary ReferencePooled,
    NabChoice FullChoice,
    NabSummary FullFit,
    NabChoice FullReferenceChoice,
    NabSummary FullReferenceFit)
{
    /// <summary>Mean held-out NAB standard score over the folds that have labelled windows.</summary>
    public double CvMean => Mean(Folds.Select(f => f.Detector.Standard));

    public double ReferenceCvMean => Mean(Folds.Select(f => f.Reference.Standard));

    /// <summary>Folds where the detector's held-out raw score is at least the reference's (raw orders folds without windows too).</summary>
    public int FoldsAtLeastReference => Folds.Count(f => f.Detector.Raw >= f.Reference.Raw - 1e-9);

    private static double Mean(IEnumerable<double> scores)
    {
        var defined = scores.Where(s => !double.IsNaN(s)).ToList();
        return defined.Count == 0 ? double.NaN : defined.Average();
    }
}
