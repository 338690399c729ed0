namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// Leave-one-category-out model selection on a NAB folder: for each category (the first folder of a file's name),
/// every tunable — model, threshold, cool-down — is chosen on the other categories only and the held-out category
/// is scored with that choice. The reference detector's grid goes through the same procedure in the same run, so
/// the two are compared fold by fold. <see cref="NabCrossValidationResult.FullChoice"/> is what the procedure picks
/// with every category in training: the settings to ship.
/// </summary>
public static class NabCrossValidation
{
    public static string Category(NabFile file)
    {
        var slash = file.Name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : file.Name[..slash];
    }

    public static NabCrossValidationResult Run(IReadOnlyList<NabFile> files, IReadOnlyList<NabModel> detector, IReadOnlyList<NabModel> reference)
    {
        var categories = files.Select(Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (categories.Count < 2)
        {
            throw new ArgumentException($"leave-one-category-out needs at least two categories (data/<category>/*.csv), found {categories.Count}");
        }

        var detectorTable = new NabScoreTable(files, detector);
        var referenceTable = new NabScoreTable(files, reference);
        var folds = new List<NabFoldResult>();
        var heldOut = new List<(NabFile File, NabFileScore Score)>();
        var referenceHeldOut = new List<(NabFile File, NabFileScore Score)>();
        foreach (var held in categories)
        {
            bool Train(NabFile f) => Category(f) != held;
            bool Test(NabFile f) => Category(f) == held;
            var d = detectorTable.Select(Train);
            var r = referenceTable.Select(Train);
            heldOut.AddRange(detectorTable.Scores(d, Test));
            referenceHeldOut.AddRange(referenceTable.Scores(r, Test));
            folds.Add(new NabFoldResult(
                held,
                files.Count(Test),
                detectorTable.Choices[d],
                detectorTable.Summarise(d, Test),
                referenceTable.Choices[r],
                referenceTable.Summarise(r, Test)));
        }

        var full = detectorTable.Select(_ => true);
        var fullReference = referenceTable.Select(_ => true);
        return new NabCrossValidationResult(
            folds,
            Pool(heldOut),
            Pool(referenceHeldOut),
            detectorTable.Choices[full],
            detectorTable.Summarise(full, _ => true),
            referenceTable.Choices[fullReference],
            referenceTable.Summarise(fullReference, _ => true));
    }

    private static NabSummary Pool(List<(NabFile File, NabFileScore Score)> scored) =>
        NabSummary.Of(scored.Select(s => s.File).ToList(), scored.Select(s => s.Score).ToList());
}
