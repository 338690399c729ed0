using Observability.Benchmarks.Detection.Incidents;
using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Hosting;
using Observability.Detection.Rules;

namespace Observability.Detection.Tests.Patterns;

public sealed class PatternBurstRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private static EcsDocument Line(DateTimeOffset at, string pattern, string template, string message, string host)
    {
        var d = new EcsDocument { Message = message };
        d.Set(EcsFields.Timestamp, at);
        d.Set(EcsFields.HostName, host);
        d.Set("training.job.id", "job-9");
        d.Set("log.pattern.id", pattern);
        d.Set("log.pattern.template", template);
        return d;
    }

    [Fact]
    public void A_new_error_pattern_burst_raises_the_built_in_error_rule_with_template_and_example_and_a_silence_can_match_it()
    {
        var rules = new RuleEngine(BuiltInRules.Load(new KqlAlertQueryCompiler()));
        var engine = new DetectionEngine(new DetectionOptions(), rules, new ManualClock(T0));
        for (var s = 0; s < 3600; s += 15)
        {
            engine.Observe(Line(T0.AddSeconds(s), "step", "step=<*> loss=<*>", $"step={s} loss=0.5", "node-1"), T0.AddSeconds(s));
        }

        var at = T0.AddHours(1);
        for (var i = 0; i < 4; i++)
        {
            engine.Observe(Line(at.AddSeconds(i), "nccl-sys", "NCCL error in: ProcessGroupNCCL.cpp:<*>, unhandled system error", $"NCCL error in: ProcessGroupNCCL.cpp:{1200 + i}, unhandled system error", "node-1"), at.AddSeconds(i));
        }

        var (_, active) = Assert.Single(rules.Evaluate(at.AddSeconds(10)), r => r.Rule.Name == "LogErrorPatternBurst");
        var alert = Assert.Single(active);
        Assert.Equal("warning", alert.Labels["severity"]);
        Assert.Equal("nccl-sys", alert.Labels["pattern"]);
        Assert.Equal("node-1", alert.Labels["host"]);
        Assert.Equal("job-9", alert.Labels["job"]);
        Assert.Contains("template: NCCL error in: ProcessGroupNCCL.cpp:<*>, unhandled system error", alert.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("example: NCCL error in: ProcessGroupNCCL.cpp:1200, unhandled system error", alert.Annotations["description"], StringComparison.Ordinal);
        Assert.True(LabelMatcher.Parse("pattern=nccl-sys").Matches(alert.Labels));
        Assert.Empty(Assert.Single(rules.Evaluate(at.AddSeconds(10)), r => r.Rule.Name == "LogPatternBurst").Active);

        // The rule's window: ten minutes after the last burst anomaly the alert resolves.
        Assert.Empty(Assert.Single(rules.Evaluate(at.AddMinutes(11)), r => r.Rule.Name == "LogErrorPatternBurst").Active);
    }
}
