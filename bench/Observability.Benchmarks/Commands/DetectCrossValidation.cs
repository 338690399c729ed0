using System.Globalization;
using Observability.Benchmarks.Detection.Nab;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// Prints <c>obs bench detect --nab DIR --cv</c>: one row per held-out category (detector and reference, each with
/// what the other categories chose), then the procedure's choice on all categories, and a last line with
/// <c>cv_mean=</c> and <c>reference_cv_mean=</c>.
/// </summary>
internal static class DetectCrossValidation
{
    public static int Print(IReadOnlyList<NabFile> files)
    {
        var result = NabCrossValidation.Run(files, NabModelGrid.Detector(), NabModelGrid.Reference());
        Console.WriteLine($"{"held-out category",-22} {"files",5} {"nab",6} {"fa/wk",6} {"ref",6} {"ref fa/wk",9}  chosen on the other categories (detector | reference)");
        foreach (var f in result.Folds)
        {
            Console.WriteLine(Inv($"{f.Category,-22} {f.Files,5} {Score(f.Detector),6} {f.Detector.FalseAlarmsPerSeriesWeek,6:F2} {Score(f.Reference),6} {f.Reference.FalseAlarmsPerSeriesWeek,9:F2}  {f.Choice} | {f.ReferenceChoice}"));
            Console.WriteLine(Inv($"{string.Empty,-22} raw {f.Detector.Raw:F2} vs reference {f.Reference.Raw:F2}; windows {f.Detector.Detected}/{f.Detector.Windows} vs {f.Reference.Detected}/{f.Reference.Windows}; false alarms {f.Detector.FalseAlarms} vs {f.Reference.FalseAlarms}"));
        }

        Console.WriteLine(Inv($"pooled held-out (each file scored with its fold's choice, normalised together): nab {result.Pooled.Standard:F1} fa/wk {result.Pooled.FalseAlarmsPerSeriesWeek:F2} false alarms {result.Pooled.FalseAlarms}; reference nab {result.ReferencePooled.Standard:F1} fa/wk {result.ReferencePooled.FalseAlarmsPerSeriesWeek:F2} false alarms {result.ReferencePooled.FalseAlarms}"));
        Console.WriteLine(Inv($"full_choice: {result.FullChoice} ({result.FullChoice.Model.Describe}); fitted on every category: nab {result.FullFit.Standard:F1}, fa/wk {result.FullFit.FalseAlarmsPerSeriesWeek:F2}"));
        Console.WriteLine(Inv($"reference_full_choice: {result.FullReferenceChoice}; fitted on every category: nab {result.FullReferenceFit.Standard:F1}, fa/wk {result.FullReferenceFit.FalseAlarmsPerSeriesWeek:F2}"));
        var shipped = NabBenchmark.DefaultOptions();
        var matches = result.FullChoice.Model.Name == NabModelGrid.ShippedModel
            && Math.Abs(result.FullChoice.Threshold - shipped.Threshold) < 1e-9
            && result.FullChoice.Cooldown == shipped.Cooldown;
        Console.WriteLine(matches ? "shipped defaults: match full_choice" : "shipped defaults: DIFFER from full_choice (update NabBenchmark.DefaultOptions)");
        Console.WriteLine(Inv($"folds={result.Folds.Count} folds_at_least_reference={result.FoldsAtLeastReference} (by held-out raw score) cv_mean={result.CvMean:F1} reference_cv_mean={result.ReferenceCvMean:F1}"));
        return 0;
    }

    private static string Score(NabSummary s) => double.IsNaN(s.Standard) ? "n/a" : s.Standard.ToString("F1", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
