using Observability.Core.Documents;
using Observability.Pipelines.Conditions;

namespace Observability.Pipelines.Tests.Conditions;

public class KqlConditionCompilerTests
{
    private static readonly EcsDocument Doc = Make();

    private static EcsDocument Make()
    {
        var d = new EcsDocument { Message = "NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus." };
        d.Set("event.dataset", "kernel");
        d.Set("gpu.error.xid", 79L);
        d.Set("host.name", "gpu-node-07");
        d.Set("tags", new List<object?> { "gpu", "prod" });
        d.Set("@timestamp", new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        return d;
    }

    [Theory]
    [InlineData("event.dataset: kernel", true)]
    [InlineData("event.dataset: Kernel", false)]
    [InlineData("event.dataset: (syslog or kernel)", true)]
    [InlineData("gpu.error.xid: 79", true)]
    [InlineData("gpu.error.xid >= 79 and gpu.error.xid < 80", true)]
    [InlineData("gpu.error.xid > 79", false)]
    [InlineData("host.name: gpu-node-*", true)]
    [InlineData("host.name: cpu*", false)]
    [InlineData("missing: *", false)]
    [InlineData("gpu.error.xid: *", true)]
    [InlineData("message: \"fallen off the bus\"", true)]
    [InlineData("message: \"FALLEN OFF\"", true)]
    [InlineData("\"Xid (PCI\"", true)]
    [InlineData("tags: prod", true)]
    [InlineData("not tags: dev and (event.dataset: kernel or event.dataset: syslog)", true)]
    [InlineData("not event.dataset: kernel", false)]
    [InlineData("@timestamp >= \"2026-11-26T00:00:00Z\"", true)]
    [InlineData("@timestamp < 2026-11-01", false)]
    public void Conditions_evaluate_as_kql(string kql, bool expected)
    {
        Assert.Equal(expected, new KqlConditionCompiler().Compile(kql)(Doc));
    }

    [Theory]
    [InlineData("a: (b or")]
    [InlineData("a: \"open")]
    [InlineData("(a: b")]
    [InlineData("a: b)")]
    public void Malformed_conditions_are_format_errors(string kql)
    {
        Assert.Throws<FormatException>(() => new KqlConditionCompiler().Compile(kql));
    }
}
