using Observability.Core.Documents;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// Documents shaped as the agent, training and detection branches build them (field for field, written by
/// hand here) are mapped by our templates and stored, not rejected: no unmapped numeric field goes dynamic,
/// no value lands where the template has an object.
/// </summary>
public sealed class EmittedDocumentsTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    public static TheoryData<string> Kinds() => ["gpu", "memory", "training-step", "span", "alert"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_field_is_in_the_stream_template_and_the_document_is_stored(string kind)
    {
        var doc = Build(kind);
        var target = Observability.Storage.Elasticsearch.Bulk.BulkTarget.For(doc, new ElasticsearchOptions());
        var fields = (target.Index == "obs-alerts" ? TemplateBuilder.AlertFields()
            : target.Index.StartsWith("metrics-", StringComparison.Ordinal) ? TemplateBuilder.MetricFields()
            : target.Index.StartsWith("traces-", StringComparison.Ordinal) ? TemplateBuilder.TraceFields()
            : TemplateBuilder.LogFields()).Select(f => f.Name).ToHashSet();

        var unmapped = doc.FieldNames.Where(n => !fields.Contains(n) && !n.StartsWith("labels.", StringComparison.Ordinal) && !n.StartsWith("annotations.", StringComparison.Ordinal)).ToList();
        Assert.True(unmapped.Count == 0, $"{kind}: unmapped {string.Join(", ", unmapped)}");

        var options = new ElasticsearchOptions();
        options.Urls.Add(_es.Url);
        await using var store = ElasticsearchStore.Create(options);
        var result = await store.Writer.WriteAsync([doc], CancellationToken.None);
        Assert.True(result.Written == 1, string.Join("; ", result.Rejected.Select(r => r.Reason)));
    }

    [Fact]
    public async Task The_fake_refuses_a_value_where_the_template_has_an_object_as_Elasticsearch_does()
    {
        // Control for the test above: a bare "host" label in a logs document collides with host.name.
        var doc = Docs.Log(1);
        doc.Remove(EcsFields.HostName);
        doc.Set("host", "node-1");
        var options = new ElasticsearchOptions();
        options.Urls.Add(_es.Url);
        await using var store = ElasticsearchStore.Create(options);

        var result = await store.Writer.WriteAsync([doc], CancellationToken.None);

        Assert.Contains("object mapping for [host]", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    private static EcsDocument Build(string kind)
    {
        var d = new EcsDocument { Timestamp = Docs.T0 };
        d.Id = EventIds.FromParts(kind);
        d.Set(EcsFields.HostName, "node-1");
        void Metrics(string dataset)
        {
            d.Set(EcsFields.DataStreamType, "metrics");
            d.Set(EcsFields.DataStreamDataset, dataset);
            d.Set(EcsFields.DataStreamNamespace, "default");
            d.Set(EcsFields.EventDataset, dataset);
            d.Set("event.module", dataset.Split('.')[0]);
            d.Set("metricset.name", dataset.Split('.')[^1]);
        }

        switch (kind)
        {
            case "gpu": // agent: Metrics/Gpu/GpuMetrics.cs
                Metrics("gpu.device");
                d.Set("gpu.index", 0L);
                d.Set("gpu.uuid", "GPU-1");
                d.Set("gpu.source", "nvml");
                d.Set("gpu.name", "H100");
                foreach (var (k, v) in new (string, object)[]
                {
                    ("gpu.utilization.gpu.pct", 0.9), ("gpu.utilization.memory.pct", 0.5), ("gpu.memory.used.bytes", 1L), ("gpu.memory.free.bytes", 2L),
                    ("gpu.memory.total.bytes", 3L), ("gpu.memory.reserved.bytes", 4L), ("gpu.memory.used.pct", 0.3), ("gpu.temperature.celsius", 70.0), ("gpu.power.usage.watts", 300.0),
                    ("gpu.energy.total.joules", 1e6), ("gpu.clock.sm.mhz", 1980.0), ("gpu.clock.memory.mhz", 2619.0), ("gpu.throttle.mask", 4L),
                    ("gpu.ecc.corrected.total", 0L), ("gpu.ecc.uncorrected.total", 0L), ("gpu.pcie.tx.bytes_per_sec", 1.0), ("gpu.pcie.rx.bytes_per_sec", 1.0),
                    ("gpu.remapped_rows.correctable", 0L), ("gpu.remapped_rows.uncorrectable", 0L), ("gpu.remapped_rows.pending", false),
                    ("gpu.remapped_rows.failed", false), ("gpu.process.count", 2L),
                })
                {
                    d.Set(k, v);
                }

                d.Set("gpu.throttle.reasons", new List<object?> { "sw_power_cap" });
                break;
            case "memory": // agent: Metrics/Node/MemoryMetrics.cs
                Metrics("system.memory");
                foreach (var k in new[] { "system.memory.total", "system.memory.free", "system.memory.cached", "system.memory.used.bytes", "system.memory.actual.free", "system.memory.actual.used.bytes", "system.memory.swap.total", "system.memory.swap.free", "system.memory.swap.used.bytes" })
                {
                    d.Set(k, 1024L);
                }

                d.Set("system.memory.used.pct", 0.5);
                d.Set("system.memory.actual.used.pct", 0.4);
                d.Set("system.memory.swap.used.pct", 0.0);
                break;
            case "training-step": // training: Training.Worker/Training/Trainer.Step.cs
                Metrics("training");
                d.Set("training.job.id", "job-1");
                d.Set("training.job.name", "resnet");
                d.Set("training.rank", 0L);
                d.Set("training.attempt", 1L);
                d.Set("training.world_size", 4L);
                d.Set("training.step", 10L);
                d.Set("training.epoch", 1L);
                d.Set("training.step.duration_ms", 120.0);
                foreach (var p in new[] { "data", "forward", "backward", "communication", "optimizer" })
                {
                    d.Set($"training.phase.{p}_ms", 10.0);
                }

                d.Set("training.samples_per_second", 512.0);
                d.Set("training.loss", 1.25);
                d.Set("training.learning_rate", 0.001);
                d.Set("training.grad_norm", 3.5);
                d.Set("process.memory.rss", 123456L);
                d.Set(EcsFields.TraceId, "0af7651916cd43dd8448eb211c80319c");
                d.Set(EcsFields.SpanId, "b7ad6b7169203331");
                break;
            case "span": // training: Telemetry/EcsActivityExporter.cs
                d.Set(EcsFields.DataStreamType, "traces");
                d.Set(EcsFields.DataStreamDataset, "training");
                d.Set(EcsFields.DataStreamNamespace, "default");
                d.Set(EcsFields.TraceId, "0af7651916cd43dd8448eb211c80319c");
                d.Set(EcsFields.SpanId, "b7ad6b7169203331");
                d.Set("parent.id", "00f067aa0ba902b7");
                d.Set("span.name", "step");
                d.Set("span.kind", "internal");
                d.Set(EcsFields.EventDuration, 120_000_000L);
                d.Set("event.outcome", "success");
                d.Set(EcsFields.EventKind, "event");
                d.Set(EcsFields.EventDataset, "training");
                d.Set(EcsFields.ServiceName, "obs-worker");
                d.Set(EcsFields.EcsVersion, EcsFields.CurrentEcsVersion);
                d.Set("training.job.id", "job-1");
                d.Set("training.step", 10L);
                d.Set("labels.custom", "x");
                break;
            case "alert": // detection: Engine/AlertMessages.cs + Alerting/AlertDocuments.cs
                d.Remove(EcsFields.HostName);
                foreach (var (k, v) in new[] { ("alertname", "GpuHealth"), ("severity", "warning"), ("host", "node-1"), ("gpu", "GPU-1"), ("detector", "gpu"), ("kind", "thermal") })
                {
                    d.Set(k, v);
                    d.Set("labels." + k, v);
                }

                d.Set("annotations.summary", "GpuHealth on host=node-1");
                d.Set("alert.state", "firing");
                d.Set("alert.fingerprint", "abc123");
                d.Set("alert.score", 87.5);
                d.Set(EcsFields.EventKind, "alert");
                d.Set(EcsFields.EventDataset, "obs.alerts");
                d.Set(EcsFields.Message, "GpuHealth on host=node-1");
                d.Set("alert.name", "GpuHealth");
                d.Set("alert.starts_at", Docs.T0);
                break;
        }

        return d;
    }
}
