namespace Observability.Pipelines.Patterns;

/// <summary>
/// Grouping accuracy as loghub defines it (Zhu et al., ICSE-SEIP 2019): a line is parsed correctly only when
/// the set of lines its predicted template groups together is exactly the set of lines of its true template.
/// </summary>
public static class GroupingAccuracy
{
    public static double Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException("truth and prediction must label the same lines");
        }

        if (truth.Count == 0)
        {
            return 1.0;
        }

        var truthSizes = truth.CountBy(t => t).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var correct = 0;
        foreach (var group in Enumerable.Range(0, predicted.Count).GroupBy(i => predicted[i], StringComparer.Ordinal))
        {
            var first = truth[group.First()];
            var size = group.Count();
            if (size == truthSizes[first] && group.All(i => truth[i] == first))
            {
                correct += size;
            }
        }

        return (double)correct / truth.Count;
    }
}
