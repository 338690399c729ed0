namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// Every file scored under every (model, threshold, cool-down) of a grid: each model runs once per file, then each
/// threshold and cool-down is a pass over the stored scores (<see cref="FlagSweep"/>). Selecting on any subset of
/// files is then a sum over this table, so leave-one-category-out costs one grid run, not one per fold.
/// </summary>
public sealed class NabScoreTable
{
    private readonly IReadOnlyList<NabFile> _files;
    private readonly List<NabChoice> _choices = [];
    private readonly List<NabFileScore[]> _scores = [];

    public NabScoreTable(IReadOnlyList<NabFile> files, IReadOnlyList<NabModel> models)
    {
        _files = files;
        foreach (var model in models)
        {
            var perFile = new double[files.Count][];
            // Two workers at most: the benchmark shares its machine, and files are independent.
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f => perFile[f] = model.Score(files[f]));
            foreach (var threshold in model.Thresholds)
            {
                foreach (var cooldown in model.Cooldowns)
                {
                    var row = new NabFileScore[files.Count];
                    for (var f = 0; f < files.Count; f++)
                    {
                        row[f] = NabScorer.ScoreFile(files[f], FlagSweep.Flags(perFile[f], model.Warmup, threshold, cooldown), NabProfile.Standard);
                    }

                    _choices.Add(new NabChoice(model, threshold, cooldown));
                    _scores.Add(row);
                }
            }
        }
    }

    public IReadOnlyList<NabChoice> Choices => _choices;

    /// <summary>
    /// The choice with the best NAB standard score over the files <paramref name="use"/> admits; ties go to fewer
    /// false alarms, then to the earlier grid entry, so the result is deterministic.
    /// </summary>
    public int Select(Func<NabFile, bool> use)
    {
        var best = -1;
        var bestScore = double.NegativeInfinity;
        var bestFalse = int.MaxValue;
        for (var c = 0; c < _choices.Count; c++)
        {
            var summary = Summarise(c, use);
            // With no labelled windows among the files the raw sum (false-alarm cost) is what there is to compare.
            var score = double.IsNaN(summary.Standard) ? summary.Raw : summary.Standard;
            if (score > bestScore + 1e-9 || (Math.Abs(score - bestScore) <= 1e-9 && summary.FalseAlarms < bestFalse))
            {
                best = c;
                bestScore = score;
                bestFalse = summary.FalseAlarms;
            }
        }

        return best;
    }

    public NabSummary Summarise(int choice, Func<NabFile, bool> use)
    {
        var scored = Scores(choice, use);
        return NabSummary.Of(scored.Select(s => s.File).ToList(), scored.Select(s => s.Score).ToList());
    }

    /// <summary>The files <paramref name="use"/> admits, with their scores under one choice.</summary>
    public IReadOnlyList<(NabFile File, NabFileScore Score)> Scores(int choice, Func<NabFile, bool> use) =>
        _files.Select((f, i) => (f, _scores[choice][i])).Where(p => use(p.f)).ToList();
}
