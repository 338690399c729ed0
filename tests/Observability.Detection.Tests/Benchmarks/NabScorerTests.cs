using Observability.Benchmarks.Detection.Nab;

namespace Observability.Detection.Tests.Benchmarks;

public sealed class NabScorerTests
{
    internal static readonly string NabDir = FindNab();

    // The NAB subset copied into the repository (testdata/nab), found by walking up from the test binaries.
    private static string FindNab()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "testdata", "nab");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("testdata/nab was not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_scaled_sigmoid_matches_nab()
    {
        Assert.Equal(0.98661, NabScorer.ScaledSigmoid(-1.0), 5);
        Assert.Equal(0.84828, NabScorer.ScaledSigmoid(-0.5), 5);
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0.0), 9);
        Assert.Equal(-0.98661, NabScorer.ScaledSigmoid(1.0), 5);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.5));
        Assert.Equal(750, NabScorer.ProbationaryLength(10_000));
        Assert.Equal(600, NabScorer.ProbationaryLength(4_000));
    }

    [Fact]
    public void A_small_file_is_scored_by_hand()
    {
        var t0 = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var ts = Enumerable.Range(0, 100).Select(i => t0.AddMinutes(i)).ToList();
        var file = new NabFile("x/y.csv", ts, new double[100], [(ts[40], ts[49])]);
        var flags = new bool[100];
        flags[20] = true; // before any window: -1 × 0.11
        flags[40] = true; // window's first row: +1
        flags[45] = true; // later in the same window: not counted again
        flags[52] = true; // 3 rows after the window: scaledSigmoid(3/9) × 0.11
        var s = NabScorer.ScoreFile(file, flags, NabProfile.Standard);
        var expected = -0.11 + 1.0 + (NabScorer.ScaledSigmoid(3 / 9.0) * 0.11);
        Assert.Equal(expected, s.Raw, 9);
        Assert.Equal(-1.0, s.NullBaseline);
        Assert.Equal(2, s.FalsePositives);
    }

    [Fact]
    public void On_the_shared_corpus_the_null_detector_scores_0_and_a_perfect_one_100()
    {
        Assert.True(Directory.Exists(NabDir), NabDir);
        var files = NabCorpus.Load(NabDir);
        var none = files.Select(f => NabScorer.ScoreFile(f, new bool[f.Values.Count], NabProfile.Standard)).ToList();
        Assert.Equal(0.0, NabScorer.Normalise(none, NabProfile.Standard), 9);

        var perfect = files.Select(f =>
        {
            var flags = new bool[f.Values.Count];
            foreach (var (start, _) in f.Windows)
            {
                flags[f.Timestamps.ToList().IndexOf(start)] = true;
            }

            return NabScorer.ScoreFile(f, flags, NabProfile.Standard);
        }).ToList();
        var score = NabScorer.Normalise(perfect, NabProfile.Standard);
        // Windows that lie inside the probationary period cannot be scored, so "perfect" is 100 only when none do.
        var unscorable = perfect.Sum(p => p.LabelledWindows - p.ScorableWindows);
        Assert.Equal(unscorable == 0 ? 100.0 : score, score, 6);
        Assert.InRange(score, 95, 100);
    }
}
