namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// Turns a file's per-point scores into flags for one threshold and cool-down, the way the streaming detectors
/// decide (a point is flagged when its score reaches the threshold, after the warm-up, and at least the cool-down
/// after the previous flag). Scores do not depend on earlier flags, so a model is run once per file and every
/// threshold and cool-down is then a cheap pass over the stored scores.
/// </summary>
public static class FlagSweep
{
    public static bool[] Flags(IReadOnlyList<double> scores, int warmup, double threshold, int cooldown)
    {
        var flags = new bool[scores.Count];
        long quietUntil = 0;
        for (var i = 0; i < flags.Length; i++)
        {
            var seen = i + 1L;
            if (scores[i] >= threshold && seen > warmup && seen >= quietUntil)
            {
                flags[i] = true;
                quietUntil = seen + cooldown;
            }
        }

        return flags;
    }
}
