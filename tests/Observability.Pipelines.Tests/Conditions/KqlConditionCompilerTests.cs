using Observability.Core.Documents;
using System.Text.Json;
using Observability.Pipelines.Conditions;
using Observability.Query.Evaluation;

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

    /// <summary>The shortcuts for exact matches, <c>field: *</c> and their and/or/not answer as the evaluator does.</summary>
    [Fact]
    public void Shortcut_conditions_agree_with_the_evaluator_on_every_kind_of_value()
    {
        string[] conditions =
        [
            "event.dataset: nccl or _tmp.nccl: *", "_tmp.nccl: *", "not _tmp.nccl: *", "_tmp: *", "_tmp.kind: EDAC and kernel.edac.type: UE",
            "_tmp.kind: (Xid or EDAC) and not kernel.edac.type: CE", "not (_tmp.kind: Xid or _tmp.nccl: \"NCCL error\")",
            "_tmp.nccl: \"NCCL error\" or nccl.op: *", "_tmp.kind: 79 or _tmp.kind: *", "message: Xid and _tmp.kind: Xid", "_tmp.*: *",
            "_json.@t: * or _json.@mt: *", "_json.@mt: * and not _json.@m: *", "event.dataset: (kernel or syslog) and host.name: node-*",
        ];
        object?[] values =
        [
            null, "Xid", "EDAC", "", "UE", "CE", "NCCL error", "79", 79L, 7.9, true, new List<object?> { "Xid", "UE" }, new List<object?>(),
            new List<object?> { null }, JsonDocument.Parse("{\"a\":1}").RootElement, JsonDocument.Parse("null").RootElement,
        ];
        string[] datasets = ["kernel", "nccl", "training", "syslog"];
        string[] fields = ["_tmp.kind", "_tmp.nccl", "_tmp.nccl.x", "_tmp", "kernel.edac.type", "nccl.op", "nccl.op.name", "_json.@t", "_json.@mt", "_json.@m"];
        var random = new Random(6);
        var docs = new List<EcsDocument>();
        for (var n = 0; n < 600; n++)
        {
            var d = new EcsDocument { Message = n % 2 == 0 ? "NVRM: Xid 79" : "ordinary line" };
            d.Set("event.dataset", datasets[n % datasets.Length]);
            d.Set("host.name", n % 3 == 0 ? "node-01" : "gpu-1");
            foreach (var field in fields)
            {
                if (random.Next(3) == 0)
                {
                    d.Set(field, values[random.Next(values.Length)]);
                }
            }

            docs.Add(d);
        }

        var disagreements = new List<string>();
        foreach (var kql in conditions)
        {
            var fast = new KqlConditionCompiler().Compile(kql);
            var reference = KqlEvaluator.Compile(kql);
            disagreements.AddRange(docs.Where(d => fast(d) != reference(d)).Select(d => $"{kql} on {string.Join(", ", d.Fields.Select(f => f.Key + "=" + f.Value))}"));
        }

        Assert.Empty(disagreements);
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
