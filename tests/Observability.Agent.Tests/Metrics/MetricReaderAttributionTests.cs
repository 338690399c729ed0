using Observability.Agent.Files;
using Observability.Agent.Metrics;
using Observability.Agent.Metrics.Gpu;
using Observability.Core.Documents;
using Observability.Core.Metrics;

namespace Observability.Agent.Tests.Metrics;

/// <summary>docs/metrics.md says which reader emits each metric: every catalogued field a reader writes is attributed to it.</summary>
public sealed class MetricReaderAttributionTests
{
    [Fact]
    public void Every_catalogued_field_a_reader_writes_is_attributed_to_that_reader()
    {
        using var stats = FileAgent.CreateTelemetry();
        IMetricSource[] sources =
        [
            .. MetricsAgent.NodeSources("/proc"),
            new GpuMetrics(new SimulatedGpuReader(2, TimeProvider.System)),
            new AgentSelfMetrics(() => stats, () => [new FileProgress("/var/log/train/rank0.log", "f1", 4096, 2048, 1024, false)], () => (3, 1, 4096, 0, 0)),
        ];
        var factory = new MetricDocumentFactory("node-1", "default") { Timestamp = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero) };
        var checkedFields = 0;

        foreach (var source in sources)
        {
            source.Collect(factory); // the CPU percentages need a first sample
            foreach (var name in source.Collect(factory).SelectMany(d => d.FieldNames))
            {
                if (MetricCatalog.TryGet(name, out var field))
                {
                    Assert.StartsWith(source.GetType().Name + " ", MetricReference.Reader(field), StringComparison.Ordinal);
                    checkedFields++;
                }
            }
        }

        Assert.True(checkedFields > 100, $"only {checkedFields} fields were checked");
    }
}
