using Observability.Core.Documents;
using Observability.Detection.Anomalies;
using Observability.Detection.Patterns;

namespace Observability.Detection.Tests.Patterns;

public sealed class PatternRateDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static PatternRateDetector Detector() => new(new PatternRateOptions(), "host.name", "training.job.id");

    private static EcsDocument Event(DateTimeOffset at, string pattern, string template, string message, string host, string? job = null, string? level = null)
    {
        var d = new EcsDocument { Message = message };
        d.Set(EcsFields.Timestamp, at);
        d.Set(EcsFields.HostName, host);
        d.Set("log.pattern.id", pattern);
        d.Set("log.pattern.template", template);
        if (job is not null)
        {
            d.Set("training.job.id", job);
        }

        if (level is not null)
        {
            d.Set("log.level", level);
        }

        return d;
    }

    /// <summary>Background: a frequent step line per host every 10 s and a checkpoint line every 15 minutes on one host in turn (rare cluster-wide, but steady), for <paramref name="hours"/>.</summary>
    private static List<Anomaly> Background(PatternRateDetector detector, double hours, int hosts = 4, int seed = 1)
    {
        var rng = new Random(seed);
        var found = new List<Anomaly>();
        for (var s = 0; s < hours * 3600; s += 10)
        {
            for (var h = 0; h < hosts; h++)
            {
                var at = T0.AddSeconds(s + rng.Next(10));
                // Load varies: the step line doubles in some minutes, which is not news.
                var repeats = (s / 600 % 7 == 3) ? 2 : 1;
                for (var k = 0; k < repeats; k++)
                {
                    Add(detector, Event(at, "step", "step=<*> loss=<*>", $"step={s} loss=0.{rng.Next(1000)}", $"node-{h}", "job-1", "info"), found);
                }

                if (s % 900 == 0 && h == s / 900 % hosts)
                {
                    Add(detector, Event(at, "ckpt", "checkpoint saved to <*>", $"checkpoint saved to /ckpt/step-{s}.pt", $"node-{h}", "job-1", "info"), found);
                }
            }
        }

        return found;
    }

    private static void Add(PatternRateDetector detector, EcsDocument doc, List<Anomaly> found)
    {
        if (detector.Observe(doc, doc.Timestamp!.Value) is { } a)
        {
            found.Add(a);
        }
    }

    [Fact]
    public void A_steady_pattern_never_fires_even_when_its_load_doubles()
    {
        var found = Background(Detector(), hours: 12);

        Assert.Empty(found);
    }

    [Fact]
    public void A_new_pattern_that_bursts_fires_once_with_its_template_and_an_example_line()
    {
        var detector = Detector();
        Assert.Empty(Background(detector, hours: 2));
        var found = new List<Anomaly>();
        var at = T0.AddHours(2);
        for (var i = 0; i < 20; i++)
        {
            Add(detector, Event(at.AddSeconds(i * 3), "xid79", "NVRM: Xid (PCI:<*>): 79, pid=<*>, GPU has fallen off the bus.", $"NVRM: Xid (PCI:0000:3b:00): 79, pid={1000 + i}, GPU has fallen off the bus.", "node-2", "job-1"), found);
        }

        var a = Assert.Single(found);
        Assert.Equal(PatternRateDetector.DetectorName, a.Detector);
        Assert.Equal(PatternRateDetector.ErrorKind, a.Kind);
        Assert.Equal("xid79", a.Entity["pattern"]);
        Assert.Equal("node-2", a.Entity["host"]);
        Assert.Equal("job-1", a.Entity["job"]);
        Assert.Equal(at.AddSeconds(6), a.Timestamp);
        Assert.Contains("new log pattern", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("template: NVRM: Xid (PCI:<*>): 79, pid=<*>, GPU has fallen off the bus.", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("example: NVRM: Xid (PCI:0000:3b:00): 79, pid=1000, GPU has fallen off the bus.", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rare_pattern_bursting_on_one_host_fires_but_its_usual_trickle_does_not()
    {
        var detector = Detector();
        var found = Background(detector, hours: 1);
        // The OOM line is known: once every 40 minutes somewhere in the cluster for eight hours.
        for (var m = 0; m < 8 * 60; m += 40)
        {
            Add(detector, Event(T0.AddHours(1).AddMinutes(m), "oom", "CUDA out of memory. Tried to allocate <*> GiB", $"CUDA out of memory. Tried to allocate {m % 7}.00 GiB", $"node-{m % 4}", "job-1", "error"), found);
        }

        Assert.Empty(found);
        var at = T0.AddHours(9);
        for (var i = 0; i < 10; i++)
        {
            Add(detector, Event(at.AddSeconds(i * 5), "oom", "CUDA out of memory. Tried to allocate <*> GiB", "CUDA out of memory. Tried to allocate 2.00 GiB", "node-3", "job-7", "error"), found);
        }

        var a = Assert.Single(found);
        Assert.Equal(PatternRateDetector.ErrorKind, a.Kind);
        Assert.Equal("node-3", a.Entity["host"]);
        Assert.Contains("rare log pattern", a.Explanation, StringComparison.Ordinal);
        Assert.InRange(a.Score, 99, 100);
    }

    [Fact]
    public void A_burst_does_not_make_its_pattern_common_so_the_next_burst_an_hour_later_fires_too()
    {
        var detector = Detector();
        Background(detector, hours: 2);
        var found = new List<Anomaly>();
        foreach (var (start, host, lines) in new[] { (T0.AddHours(2), "node-2", 25), (T0.AddHours(3), "node-1", 10) })
        {
            for (var i = 0; i < lines; i++)
            {
                Add(detector, Event(start.AddSeconds(i * 2), "nvswitch", "NVSwitch <*> fatal error <*>", $"NVSwitch {i % 6} fatal error 12345", host, "job-1"), found);
            }
        }

        Assert.Equal(["node-2", "node-1"], found.Select(a => a.Entity["host"]));
    }

    [Fact]
    public void Nothing_fires_during_warm_up_nor_for_a_single_new_line()
    {
        var detector = Detector();
        var found = new List<Anomaly>();
        for (var i = 0; i < 10; i++)
        {
            Add(detector, Event(T0.AddSeconds(i), "boot", "starting <*>", $"starting worker {i}", "node-0", level: "info"), found);
        }

        Assert.Empty(found);
        Background(detector, hours: 1);
        Add(detector, Event(T0.AddHours(1).AddMinutes(1), "once", "unusual <*>", "unusual thing", "node-1", level: "warning"), found);
        Assert.Empty(found);
    }

    [Fact]
    public void A_pattern_without_an_error_level_or_error_words_is_a_plain_burst()
    {
        var detector = Detector();
        Background(detector, hours: 1);
        var found = new List<Anomaly>();
        for (var i = 0; i < 5; i++)
        {
            Add(detector, Event(T0.AddHours(1).AddSeconds(i), "resize", "resizing pool to <*>", $"resizing pool to {i}", "node-0"), found);
        }

        Assert.Equal(PatternRateDetector.Kind, Assert.Single(found).Kind);
    }

    [Theory]
    [InlineData(0, 0.5, 1.0)]
    [InlineData(3, 0.01, 1.65422e-7)]
    [InlineData(4, 0.2, 5.68402e-5)]
    public void The_poisson_tail_matches_the_closed_form(int k, double lambda, double expected)
    {
        Assert.Equal(expected, PoissonTail.AtLeast(k, lambda), expected * 1e-3);
    }
}
