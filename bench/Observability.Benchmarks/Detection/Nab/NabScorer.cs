namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// NAB's scoring (nab/sweeper.py at commit ea702d7, and the normalisation in nab/runner.py):
/// the first min(floor(0.15·n), 750) rows are probationary and not scored; a detection inside a window scores
/// the scaled sigmoid of its relative position (only the best one per window counts, weighted tpWeight and
/// divided by the value at the window's left edge); a detection outside windows costs fpWeight times the
/// scaled sigmoid of its distance past the previous window (−1 before any window); a window without a
/// detection costs fnWeight. The corpus score is normalised: 100·(raw − null)/(perfect − null), where the
/// null detector never fires and perfect = tpWeight × number of labelled windows.
/// </summary>
public static class NabScorer
{
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;

    public static int ProbationaryLength(int rows) => (int)Math.Min(Math.Floor(0.15 * rows), 0.15 * 5000);

    /// <summary>Raw (unnormalised) score of one file for the given binary detections (one flag per row).</summary>
    public static NabFileScore ScoreFile(NabFile file, IReadOnlyList<bool> detections, NabProfile profile)
    {
        var n = file.Timestamps.Count;
        if (detections.Count != n)
        {
            throw new ArgumentException($"{file.Name}: {detections.Count} detections for {n} rows", nameof(detections));
        }

        var maxTp = ScaledSigmoid(-1.0);
        var probation = ProbationaryLength(n);
        var index = new Dictionary<DateTime, int>(n);
        for (var i = 0; i < n; i++)
        {
            index.TryAdd(file.Timestamps[i], i);
        }

        var windows = new List<(int Left, int Right)>();
        foreach (var (start, end) in file.Windows)
        {
            if (!index.TryGetValue(start, out var l) || !index.TryGetValue(end, out var r))
            {
                throw new InvalidDataException($"{file.Name}: window [{start:s}, {end:s}] does not start and end on a row");
            }

            windows.Add((l, r));
        }

        // Score parts: every scorable window starts as a miss (-fnWeight); the best detection in it replaces that.
        var windowScore = new double[windows.Count];
        var windowScorable = new bool[windows.Count];
        var windowDetected = new bool[windows.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            windowScorable[w] = windows[w].Right >= probation;
            windowScore[w] = -profile.FnWeight;
        }

        double fpScore = 0;
        int tp = 0, fp = 0;
        var cur = -1;
        int prevRight = -1, prevWidth = 0, next = 0;
        for (var i = 0; i < n; i++)
        {
            if (next < windows.Count && i == windows[next].Left)
            {
                cur = next++;
            }

            var inProbation = i < probation;
            if (detections[i] && !inProbation)
            {
                if (cur >= 0)
                {
                    var (left, right) = windows[cur];
                    var width = (double)(right - left + 1);
                    var position = -(right - i + 1) / width;
                    var weighted = ScaledSigmoid(position) * profile.TpWeight / maxTp;
                    windowScore[cur] = windowDetected[cur] ? Math.Max(windowScore[cur], weighted) : Math.Max(-profile.FnWeight, weighted);
                    windowDetected[cur] = true;
                    tp++;
                }
                else
                {
                    var unweighted = prevRight < 0 ? -1.0 : ScaledSigmoid(Math.Abs(prevRight - i) / (double)(prevWidth - 1));
                    fpScore += unweighted * profile.FpWeight;
                    fp++;
                }
            }

            if (cur >= 0 && i == windows[cur].Right)
            {
                prevRight = i;
                prevWidth = windows[cur].Right - windows[cur].Left + 1;
                cur = -1;
            }
        }

        double total = fpScore;
        int scorableWindows = 0, detectedWindows = 0;
        for (var w = 0; w < windows.Count; w++)
        {
            if (windowScorable[w])
            {
                total += windowScore[w];
                scorableWindows++;
                detectedWindows += windowDetected[w] ? 1 : 0;
            }
        }

        return new NabFileScore(file.Name, total, -profile.FnWeight * scorableWindows, windows.Count, scorableWindows, detectedWindows, tp, fp);
    }

    /// <summary>Normalised corpus score: 100·(Σraw − Σnull)/(perfect − Σnull).</summary>
    public static double Normalise(IReadOnlyList<NabFileScore> files, NabProfile profile)
    {
        var raw = files.Sum(f => f.Raw);
        var baseline = files.Sum(f => f.NullBaseline);
        var perfect = files.Sum(f => f.LabelledWindows) * profile.TpWeight;
        return 100.0 * (raw - baseline) / (perfect - baseline);
    }
}
