using Observability.Benchmarks.Samples.Formats;
using Observability.Core.Documents;
using Observability.Core.Options;
using Observability.Pipelines.Patterns;

namespace Observability.Pipelines.Tests.Patterns;

public class DrainTests
{
    [Theory]
    [InlineData("10.0.0.1:5432", "<*>")]
    [InlineData("0x7f3a9c", "<*>")]
    [InlineData("123e4567-e89b-12d3-a456-426614174000", "<*>")]
    [InlineData("12.5ms", "<*>")]
    [InlineData("80GiB", "<*>")]
    [InlineData("step=120", "step=<*>")]
    [InlineData("node-07", "node-<*>")]
    [InlineData("/data/shard-00042.tar", "/data/shard-<*>.tar")]
    [InlineData("ib0:", "ib<*>:")]
    [InlineData("2xlarge", "2xlarge")]
    [InlineData("2026-11-26T08:00:00.123Z", "<*>")]
    [InlineData("a3f9c2e1b7", "<*>")]
    [InlineData("plain", "plain")]
    public void Masking_hides_variables_and_keeps_words(string token, string masked)
    {
        Assert.Equal(masked, TokenMasker.Mask(token));
    }

    [Fact]
    public void Lines_of_one_template_share_a_cluster_and_the_template_generalises()
    {
        var miner = new DrainMiner();
        var a = miner.Add("Accepted publickey for alice from 10.0.0.1 port 5000 ssh2");
        var b = miner.Add("Accepted publickey for alice from 10.0.0.9 port 6000 ssh2");
        var c = miner.Add("Connection closed by 10.0.0.1 port 5000");
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Equal("Accepted publickey for alice from <*> port <*> ssh<*>", a.Template);
        Assert.Equal(2, a.Count);

        // One word apart is a different statement until a third word shows the word is a parameter.
        Assert.NotSame(a, miner.Add("Accepted publickey for bob from 10.0.0.2 port 6001 ssh2"));
        Assert.Same(a, miner.Add("Accepted publickey for carol from 10.0.0.3 port 6002 ssh2"));
        Assert.Same(a, miner.Add("Accepted publickey for bob from 10.0.0.4 port 6003 ssh2"));
        Assert.Equal("Accepted publickey for <*> from <*> port <*> ssh<*>", a.Template);
        Assert.Equal(5, a.Count);
    }

    [Fact]
    public void The_id_is_a_stable_hash_of_the_template()
    {
        var first = new DrainMiner();
        var second = new DrainMiner();
        var x = first.Add("GPU 3 temperature 81C");
        var y = second.Add("GPU 5 temperature 60C");
        Assert.Equal(x.Id, y.Id);
        Assert.Equal(LogCluster.IdOf(["GPU", "<*>", "temperature", "<*>"]), x.Id);
        Assert.Matches("^[0-9a-f]{16}$", x.Id);
    }

    [Fact]
    public void Below_the_similarity_threshold_a_new_template_starts()
    {
        var miner = new DrainMiner(new DrainOptions { Similarity = 0.9 });
        var a = miner.Add("link up on port eth0");
        var b = miner.Add("link down on port eth0");
        Assert.NotSame(a, b);
        Assert.Equal(2, miner.Clusters.Count);
    }

    [Fact]
    public void The_template_count_is_bounded()
    {
        var miner = new DrainMiner(new DrainOptions { MaxClusters = 2 });
        miner.Add("alpha beta");
        miner.Add("gamma delta epsilon");
        var third = miner.Add("zeta eta theta iota");
        Assert.Equal(2, miner.Clusters.Count);
        Assert.Equal(LogCluster.IdOf(["zeta", "eta", "theta", "iota"]), third.Id);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Equal("--similarity", Assert.Throws<ObsConfigException>(() => new DrainMiner(new DrainOptions { Similarity = 0 })).Key);
        Assert.Equal("--depth", Assert.Throws<ObsConfigException>(() => new DrainMiner(new DrainOptions { Depth = 2 })).Key);
    }

    [Fact]
    public void Grouping_accuracy_counts_a_line_only_when_its_whole_group_is_right()
    {
        // truth: A A B B ; predicted groups {1,2,3} {4}: nothing exactly right.
        Assert.Equal(0.0, GroupingAccuracy.Compute(["A", "A", "B", "B"], ["x", "x", "x", "y"]));
        Assert.Equal(0.5, GroupingAccuracy.Compute(["A", "A", "B", "B"], ["x", "x", "y", "z"]));
        Assert.Equal(1.0, GroupingAccuracy.Compute(["A", "A", "B"], ["p", "p", "q"]));
    }

    [Fact]
    public void Mining_the_labelled_sets_meets_the_accuracy_goals_in_both_forms()
    {
        // The formats tuned on, at a seed neither part of obs bench patterns uses: a regression guard. The
        // held-out evaluation (another seed, formats never tuned on) is the bench's, not a pass/fail test's.
        var raw = new List<double>();
        var messages = new List<double>();
        foreach (var format in LabelledFormats.All.Where(f => !f.HeldOut))
        {
            var set = LabelledFormats.Generate(format, 1000, seed: 3);
            var truth = set.Select(l => l.Template).ToList();
            raw.Add(GroupingAccuracy.Compute(truth, Labels(PatternFileMiner.Mine(set.Select(l => l.Raw)))));
            messages.Add(GroupingAccuracy.Compute(truth, Labels(PatternFileMiner.Mine(set.Select(l => l.Message), detectHeader: false))));
        }

        Assert.True(raw.Count >= 11);
        Assert.True(raw.Average() >= 0.85, $"mean raw grouping accuracy {raw.Average():F3}");
        Assert.True(messages.Average() >= 0.90, $"mean message grouping accuracy {messages.Average():F3}");
        Assert.True(raw.Concat(messages).Min() >= 0.6, $"worst set {raw.Concat(messages).Min():F3}");
    }

    private static List<string> Labels(PatternFileMiner.Result result) =>
        [.. result.LineTemplate.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void A_list_of_any_length_is_one_parameter_and_a_unit_joins_its_number()
    {
        Assert.Equal(["called", "(stack", "<*>"], TokenMasker.Tokenize("called (stack @0x63f96fbd3d6 @0x571af204e00 @0xaafcdfeab8c)"));
        Assert.Equal(["lifetime", "<*>"], TokenMasker.Tokenize("lifetime <1 sec"));
        Assert.Equal(["size", "<*>,", "free", "<*>)"], TokenMasker.Tokenize("size 124.8 KB, free 3 GB)"));
        Assert.Equal(["acquire", "tag=\"View Lock\",", "uid=<*>"], TokenMasker.Tokenize("acquire tag=\"View Lock\", uid=4"));
    }

    [Fact]
    public void Templates_differing_in_one_routing_word_merge_once_a_third_appears()
    {
        var miner = new DrainMiner();
        var ftp = miner.Add("START: ftp pid=10 from=10.0.0.1");
        var swat = miner.Add("START: swat pid=11 from=10.0.0.2");
        Assert.NotSame(ftp, swat);
        var rsync = miner.Add("START: rsync pid=12 from=10.0.0.3");
        Assert.Same(ftp, rsync);
        Assert.Same(ftp, miner.Add("START: swat pid=13 from=10.0.0.4"));
        Assert.Equal("START: <*> pid=<*> from=<*>", ftp.Template);
        Assert.Equal(1, miner.TemplateCount);

        // Two are not enough: "session opened" and "session closed" stay apart.
        var opened = miner.Add("session opened for alice");
        var closed = miner.Add("session closed for alice");
        Assert.NotSame(opened, closed);
    }

    [Fact]
    public void A_key_value_token_routes_by_its_key_and_generalises_to_key_equals_wildcard()
    {
        var miner = new DrainMiner();
        var a = miner.Add("updateIsPoweredLocked: wasPowered=true, level=4");
        var b = miner.Add("updateIsPoweredLocked: wasPowered=false, level=5");
        Assert.Same(a, b);
        Assert.Equal("updateIsPoweredLocked: wasPowered=<*> level=<*>", a.Template);
    }

    [Fact]
    public void Templates_and_assignments_csv_agree()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obs-patterns-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = PatternFileMiner.Mine(["a 1", "a 2", "b, \"c\" 3 x"]);
            PatternFileMiner.WriteCsv(result, dir);
            var templates = File.ReadAllLines(Path.Combine(dir, "templates.csv"));
            var assignments = File.ReadAllLines(Path.Combine(dir, "assignments.csv"));
            Assert.Equal("id,template,count", templates[0]);
            Assert.Equal($"{LogCluster.IdOf(["a", "<*>"])},a <*>,2", templates[1]);
            Assert.Equal($"{LogCluster.IdOf(["b,", "\"c\"", "<*>", "x"])},\"b, \"\"c\"\" <*> x\",1", templates[2]);
            Assert.Equal(["line,id", $"1,{LogCluster.IdOf(["a", "<*>"])}", $"2,{LogCluster.IdOf(["a", "<*>"])}", $"3,{LogCluster.IdOf(["b,", "\"c\"", "<*>", "x"])}"], assignments);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_pattern_processor_sets_id_and_template_on_events_with_a_message()
    {
        var processor = new LogPatternProcessor();
        var a = new EcsDocument { Message = "checkpoint saved in 3.2s" };
        var b = new EcsDocument { Message = "checkpoint saved in 9.9s" };
        var none = new EcsDocument();
        processor.Process(a);
        processor.Process(b);
        processor.Process(none);
        Assert.Equal(a[LogPatternProcessor.PatternIdField], b[LogPatternProcessor.PatternIdField]);
        Assert.Equal("checkpoint saved in <*>", b[LogPatternProcessor.PatternTemplateField]);
        Assert.False(none.Contains(LogPatternProcessor.PatternIdField));
        Assert.Equal(1, processor.PatternCount);
    }

    [Fact]
    public void The_pattern_processor_is_safe_under_concurrent_calls()
    {
        var processor = new LogPatternProcessor();
        Parallel.For(0, 2000, i => processor.Process(new EcsDocument { Message = $"worker {i % 7} fetched batch {i}" }));
        Assert.Equal(1, processor.PatternCount);
        Assert.Equal(2000, processor.Snapshot().Single().Count);
    }
}
