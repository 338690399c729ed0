using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;
using Observability.Detection.Rules;

namespace Observability.Detection.Tests.Rules;

public sealed class RuleEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly KqlAlertQueryCompiler Kql = new();

    private static EcsDocument Gpu(DateTimeOffset at, string host, int gpu, double temp)
    {
        var d = new EcsDocument();
        d.Set(EcsFields.Timestamp, at);
        d.Set(EcsFields.HostName, host);
        d.Set(EcsFields.DataStreamType, "metrics");
        d.Set("gpu.index", (long)gpu);
        d.Set("gpu.temperature.celsius", temp);
        return d;
    }

    [Fact]
    public void A_threshold_rule_aggregates_over_its_window_and_fires_after_for()
    {
        var rules = RuleLoader.Load(
            """
            rules:
              - name: GpuHot
                type: threshold
                filter: 'gpu.temperature.celsius >= 0'
                field: gpu.temperature.celsius
                aggregate: avg
                window: 2m
                op: ">"
                value: 85
                for: 1m
                by: [host.name, gpu.index]
                labels: {severity: warning}
                annotations: {summary: "GPU {{gpu}} on {{host}} at {{value}} °C"}
            """, Kql);
        var engine = new RuleEngine(rules);
        var tracker = new AlertTracker();
        var states = new List<AlertState>();
        for (var s = 0; s <= 180; s += 15)
        {
            var now = T0.AddSeconds(s);
            engine.Observe(Gpu(now, "node1", 0, s < 60 ? 70 : 99), now);
            engine.Observe(Gpu(now, "node1", 1, 70), now);
            var (rule, active) = engine.Evaluate(now).Single();
            states.AddRange(tracker.Apply(rule.Name, active, rule.For, now).Select(a => a.State));
        }

        Assert.Equal([AlertState.Pending, AlertState.Firing], states);
        var alert = Assert.Single(tracker.Snapshot());
        Assert.Equal("0", alert.Labels["gpu"]);
        Assert.Equal("node1", alert.Labels["host"]);
        Assert.Equal("warning", alert.Labels["severity"]);
        Assert.StartsWith("GPU 0 on node1 at", alert.Annotations["summary"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kernel pipeline, XID 79", 79L, null, "NVRM: Xid (PCI:0000:3b:00): 79, pid=4242, GPU has fallen off the bus", true)]
    [InlineData("kernel pipeline, XID 48", 48L, null, "NVRM: Xid (PCI:0000:3b:00): 48, pid=1, DBE", true)]
    [InlineData("kernel pipeline, XID 13 (an application's fault)", 13L, null, "NVRM: Xid (PCI:0000:3b:00): 13, Graphics Exception", false)]
    [InlineData("NVML event set, XID 94", null, 94L, "GPU 0 reported XID 94", true)]
    [InlineData("NVML event set, XID 31", null, 31L, "GPU 0 reported XID 31", false)]
    [InlineData("an NVRM line no pipeline parsed", null, null, "kernel[0] node-03 NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus", true)]
    [InlineData("a line that only mentions xid", null, null, "config: xid_filter=off", false)]
    public void The_built_in_xid_rule_fires_for_hardware_xids_only(string what, long? parsed, long? nvml, string message, bool fires)
    {
        var rule = BuiltInRules.Load(Kql).Single(r => r.Name == "GpuXidError");
        var engine = new RuleEngine([rule]);
        var d = new EcsDocument { Message = message };
        d.Set(EcsFields.HostName, "node3");
        d.Set(EcsFields.Timestamp, T0);
        if (parsed is { } xid)
        {
            d.Set("gpu.error.xid", xid);
        }

        if (nvml is { } code)
        {
            d.Set("gpu.xid.code", code);
        }

        engine.Observe(d, T0);
        var active = engine.Evaluate(T0.AddSeconds(10)).Single().Active;
        Assert.True(fires == (active.Count == 1), what);
        if (fires)
        {
            Assert.Equal("critical", active[0].Labels["severity"]);
            Assert.Equal("node3", active[0].Labels["host"]);
        }
    }

    [Fact]
    public void Log_query_absence_anomaly_and_job_state_rules_hold_when_they_should()
    {
        var rules = RuleLoader.Load(
            """
            rules:
              - name: XidErrors
                type: log_query
                query: 'message:*Xid*'
                window: 5m
                op: ">="
                value: 2
                by: [host.name]
              - name: HostDown
                type: absence
                by: [host.name]
                window: 3m
              - name: Anomalous
                type: anomaly
                min_score: 80
                window: 1m
              - name: JobFailed
                type: job_state
                by: [training.job.id]
                states: [failed]
            """, Kql);
        var engine = new RuleEngine(rules);
        foreach (var m in new[] { "NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus", "ok", "NVRM: Xid 48" })
        {
            var d = new EcsDocument { Message = m };
            d.Set(EcsFields.HostName, "node2");
            d.Set(EcsFields.Timestamp, T0);
            engine.Observe(d, T0);
        }

        var job = new EcsDocument();
        job.Set(EcsFields.Timestamp, T0);
        job.Set("training.job.id", "j7");
        job.Set("training.job.state", "failed");
        engine.Observe(job, T0);
        engine.Observe(new Anomaly("pca", "gpu", LabelSet.Of(("host", "node3"), ("gpu", "1")), T0, 91, "temperature drove it"));

        var now = engine.Evaluate(T0.AddMinutes(1)).ToDictionary(r => r.Rule.Name, r => r.Active);
        Assert.Equal("node2", Assert.Single(now["XidErrors"]).Labels["host"]);
        Assert.Empty(now["HostDown"]);
        Assert.Equal("temperature drove it", Assert.Single(now["Anomalous"]).Annotations["description"]);
        Assert.Equal("j7", Assert.Single(now["JobFailed"]).Labels["job"]);

        var later = engine.Evaluate(T0.AddMinutes(6)).ToDictionary(r => r.Rule.Name, r => r.Active);
        Assert.Contains(later["HostDown"], c => c.Labels["host"] == "node2");
        Assert.Empty(later["Anomalous"]);
        Assert.Empty(later["XidErrors"]);
    }

    [Fact]
    public void A_bad_rule_is_rejected_with_the_rule_and_key_named()
    {
        var e = Assert.Throws<FormatException>(() => RuleLoader.Load("rules:\n  - name: Bad\n    type: threshold\n    field: x\n    window: 5 parsecs\n", Kql));
        Assert.Contains("rule 'Bad'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'window'", e.Message, StringComparison.Ordinal);
        var q = Assert.Throws<FormatException>(() => RuleLoader.Load("rules:\n  - name: Q\n    type: log_query\n    query: 'message:(('\n", Kql));
        Assert.Contains("'query'", q.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_rule_files_load()
    {
        var dir = FindUp("examples/alerts");
        Assert.NotEmpty(RuleLoader.LoadDirectory(dir, Kql));
    }

    internal static string FindUp(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(relative);
    }
}
