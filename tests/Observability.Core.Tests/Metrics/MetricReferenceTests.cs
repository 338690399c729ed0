using Observability.Core.Metrics;
using Observability.Testing;

namespace Observability.Core.Tests.Metrics;

/// <summary>docs/metrics.md is the catalog, and the catalog's OpenTelemetry names are well-formed where they are given.</summary>
public sealed class MetricReferenceTests
{
    [Fact]
    public void The_committed_metric_table_is_the_generated_one() =>
        GeneratedDocument.AssertCommitted("docs/metrics.md", MetricReference.Markdown(), "./obs config metrics");

    [Fact]
    public void Every_catalogued_metric_has_one_row_naming_its_reader()
    {
        var rows = MetricReference.Markdown().Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.Equal(MetricCatalog.All.Count(), rows.Count);
        Assert.All(MetricCatalog.All, f => Assert.Single(rows, r => r.StartsWith($"| `{f.Name}` |", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_headline_node_and_gpu_metrics_carry_their_otel_names()
    {
        Assert.Equal(new OtelName("system.cpu.utilization", "cpu.mode=user"), MetricCatalog.Get("system.cpu.user.norm.pct").Otel);
        Assert.Equal(new OtelName("system.memory.usage", "system.memory.state=used"), MetricCatalog.Get("system.memory.actual.used.bytes").Otel);
        Assert.Equal(new OtelName("system.network.io", "network.io.direction=receive"), MetricCatalog.Get("system.network.in.bytes").Otel);
        Assert.Equal(new OtelName("system.filesystem.usage", "system.filesystem.state=used"), MetricCatalog.Get("system.filesystem.used.bytes").Otel);
        Assert.Equal(new OtelName("system.disk.io", "disk.io.direction=write"), MetricCatalog.Get("system.diskio.write.bytes").Otel);
        Assert.Equal(new OtelName("hw.gpu.utilization", "hw.gpu.task=general"), MetricCatalog.GpuUtilization.Otel);
        Assert.Null(MetricCatalog.Get("system.load.1").Otel); // OTel's system conventions define no load average
        Assert.Null(MetricCatalog.Get("system.cpu.softirq.norm.pct").Otel);
    }

    [Fact]
    public void Otel_names_follow_the_conventions_namespaces_and_a_ratio_maps_only_to_a_utilization()
    {
        var named = MetricCatalog.All.Where(f => f.Otel is not null).ToList();

        Assert.True(named.Count > 40, $"only {named.Count} fields carry an OTel name");
        Assert.All(named, f => Assert.Matches(@"^(system|process|hw|network)\.[a-z0-9_.]+$", f.Otel!.Name));
        Assert.All(named.Where(f => f.Unit == MetricUnit.Ratio), f => Assert.EndsWith(".utilization", f.Otel!.Name, StringComparison.Ordinal));
    }
}
