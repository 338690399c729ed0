using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Observability.Agent.Files;
using Observability.Agent.Metrics;
using Observability.Agent.Metrics.Gpu;
using Observability.Agent.Metrics.Node;
using Observability.Core.Documents;
using Observability.Core.Metrics;
using Observability.Detection.Hosting;
using Observability.Detection.Training;
using Observability.Reports;
using Observability.Reports.DuckDb;
using Observability.Reports.Elasticsearch;
using Observability.Reports.Model;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.DuckDb;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>
/// Every metric the agent emits (node metrics from this machine's /proc, GPU samples, its own monitoring), walked
/// through each consumer with <see cref="MetricCatalog"/> as the one definition: the agent writes catalogued names in
/// their unit, the templates map them as the catalog says, the dashboards format and aggregate them as their unit and
/// role allow, the detectors' fields and thresholds are in the catalogued unit, and the reports read the agent's
/// GPU ratio and show percent from DuckDB and Elasticsearch alike.
/// </summary>
public sealed class MetricCatalogEndToEndTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static List<EcsDocument> AgentDocuments(int samples = 2)
    {
        var time = new FakeTimeProvider(T0);
        var gpu = new GpuMetrics(new SimulatedGpuReader(4, time));
        using var stats = FileAgent.CreateTelemetry();
        IMetricSource[] sources =
        [
            new CpuMetrics("/proc"), new MemoryMetrics("/proc"), new LoadMetrics("/proc"), new NetworkMetrics("/proc"),
            new DiskIoMetrics("/proc"), new FilesystemMetrics("/proc"), new PressureMetrics("/proc"), gpu,
            new AgentSelfMetrics(() => stats, () => [new FileProgress("/var/log/app.log", "f1", 2048, 1024, 512, false)], () => (3, 1, 4096, 0, 0)),
        ];
        var factory = new MetricDocumentFactory("node-1", "default");
        var docs = new List<EcsDocument>();
        for (var i = 0; i < samples; i++)
        {
            factory.Timestamp = time.GetUtcNow();
            docs.AddRange(sources.SelectMany(s => s.Collect(factory)));
            time.Advance(TimeSpan.FromSeconds(10));
        }

        return docs;
    }

    private static bool IsMetricField(string name) =>
        FieldCatalog.Common.All(f => f.Name != name) && !name.StartsWith("data_stream.", StringComparison.Ordinal);

    [Fact]
    public void The_agent_writes_only_catalogued_metrics_each_in_its_unit_and_the_templates_map_them_so()
    {
        var docs = AgentDocuments();
        var mapped = TemplateBuilder.MetricFields().Concat(TemplateBuilder.TimeSeriesFields()).GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First());
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (doc, name, value) in docs.SelectMany(d => d.Fields.Select(f => (d, f.Key, f.Value))).Where(f => IsMetricField(f.Key)))
        {
            Assert.True(MetricCatalog.TryGet(name, out var metric), $"the agent emits {name}, which the metric catalog does not define");
            seen.Add(name);
            switch (metric.Type)
            {
                case MetricType.Long:
                    Assert.True(value is long, $"{name} is catalogued as a long but the agent wrote {value?.GetType().Name}");
                    break;
                case MetricType.Double:
                    Assert.True(value is double or long, $"{name} is catalogued as a number but the agent wrote {value?.GetType().Name}");
                    break;
            }

            if (metric.Unit == MetricUnit.Ratio)
            {
                Assert.InRange(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), 0, metric.PerCore ? doc.GetDouble("system.cpu.cores")!.Value : 1);
            }

            var field = mapped[name];
            Assert.Equal(ObsField.From(metric), field);
            if (metric.Unit == MetricUnit.Ratio)
            {
                Assert.Equal(("scaled_float", "percent"), (field.Type, field.MetaUnit));
            }
        }

        // The walk covered the GPU, node and self-monitoring metrics, the ratio among them.
        Assert.Contains(MetricCatalog.GpuUtilization.Name, seen);
        Assert.Contains("system.cpu.total.norm.pct", seen);
        Assert.Contains("system.network.in.bytes", seen);
        Assert.Contains("agent.monitoring.events.sent", seen);
    }

    [Fact]
    public void The_dashboards_format_and_aggregate_each_metric_as_its_unit_and_role_allow()
    {
        var checkedColumns = 0;
        foreach (var line in Directory.GetFiles(Path.Combine(RepoPaths.Root, "dashboards"), "*.ndjson").SelectMany(File.ReadAllLines).Where(l => l.Length > 0))
        {
            var o = JsonNode.Parse(line)!;
            if (o["type"]!.GetValue<string>() != "lens")
            {
                continue;
            }

            var columns = o["attributes"]!["state"]!["datasourceStates"]!["formBased"]!["layers"]!.AsObject().Single().Value!["columns"]!.AsObject();
            foreach (var (id, column) in columns)
            {
                var source = column!["sourceField"]?.GetValue<string>();
                var op = column["operationType"]!.GetValue<string>();
                var format = column["params"]?["format"]?["id"]?.GetValue<string>();
                if (op == "counter_rate")
                {
                    source = columns[column["references"]![0]!.GetValue<string>()]!["sourceField"]!.GetValue<string>();
                }

                if (source is null || !MetricCatalog.TryGet(source, out var metric) || !metric.IsNumeric)
                {
                    continue;
                }

                var where = $"{o["attributes"]!["title"]}: {op} of {source}";
                checkedColumns++;
                // Kibana's percent format multiplies by 100: only a 0–1 ratio may use it, and a ratio must.
                if (format == "percent" || metric.Unit == MetricUnit.Ratio)
                {
                    Assert.True(format == "percent" && metric.Unit == MetricUnit.Ratio, $"{where}: format {format}, unit {metric.Unit}");
                }

                if (format == "bytes")
                {
                    Assert.True(metric.Unit is MetricUnit.Bytes or MetricUnit.BytesPerSecond, where);
                }

                // A counter's level means nothing summed or averaged across samples; its rate or its latest/max does.
                if (metric.Role == MetricRole.Counter)
                {
                    Assert.True(op is "counter_rate" or "max" or "last_value" || columns.Any(c => c.Value!["operationType"]!.GetValue<string>() == "counter_rate"
                        && c.Value["references"]![0]!.GetValue<string>() == id), where);
                }

                // A gauge sampled many times per bucket is averaged (or its extreme taken) per series, never summed.
                if (metric.Role == MetricRole.Gauge)
                {
                    Assert.NotEqual("sum", op);
                }
            }
        }

        Assert.True(checkedColumns >= 20, $"{checkedColumns} metric columns checked");
    }

    [Fact]
    public void The_detectors_read_catalogued_fields_with_thresholds_in_their_unit()
    {
        var fields = new TrainingFields();
        var names = typeof(TrainingFields).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string)p.GetValue(fields)!).ToList();
        var options = new DetectionOptions();
        names.AddRange(options.SeriesFields);
        names.AddRange(options.GpuFeatures.Keys);
        names.AddRange(options.NodeFeatures.Keys);

        foreach (var name in names.Where(IsMetricField))
        {
            Assert.True(MetricCatalog.TryGet(name, out _), $"a detector reads {name}, which the metric catalog does not define");
        }

        // Minimum scales and the idle threshold of ratios are ratios (a percent here would never trigger).
        foreach (var (name, scale) in options.GpuFeatures.Concat(options.NodeFeatures).Where(f => MetricCatalog.Get(f.Key).Unit == MetricUnit.Ratio))
        {
            Assert.True(scale < 1, $"{name}: minimum scale {scale} is not in the 0–1 unit");
        }

        Assert.Equal(0.05, new GpuHealthDetector(fields).IdleBelow, 9);
    }

    [Fact]
    public async Task The_report_shows_the_agents_GPU_ratio_in_percent_from_DuckDB_and_Elasticsearch_alike()
    {
        var gpuDocs = AgentDocuments(samples: 30).Where(d => d.GetString(EcsFields.EventDataset) is "gpu.device" or "gpu.process").ToList();
        var ratios = gpuDocs.Select(d => d.GetDouble(MetricCatalog.GpuUtilization.Name)).OfType<double>().ToList();
        var period = ReportPeriod.Ending(T0.AddHours(1), TimeSpan.FromHours(24));
        using var db = new TemporaryDuckDbStore();
        await new DuckDbWriter(db.Store, TimeProvider.System).WriteAsync(gpuDocs, CancellationToken.None);
        await using var es = await FakeElasticsearch.StartAsync();
        var options = new ElasticsearchOptions();
        options.Urls.Add(es.Url);
        await using var store = ElasticsearchStore.Create(options, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
        Assert.Equal(gpuDocs.Count, (await store.Writer.WriteAsync(gpuDocs, CancellationToken.None)).Written);

        GpuSection fromDuckDb;
        using (var c = db.Store.OpenReadConnection())
        {
            fromDuckDb = new GpuQuery(new ReportQueryContext(c, new ReportOptions())).Run(period);
        }

        var fromEs = await new EsGpuQuery(new EsReportClient(store.Connection), new ReportOptions()).RunAsync(period, CancellationToken.None);

        Assert.Equal(120, ratios.Count);
        Assert.All(ratios, r => Assert.InRange(r, 0, 1));
        Assert.Equal(ratios.Average() * 100, fromDuckDb.MeanUtilizationPct.Current!.Value, 6);
        Assert.Equal(ratios.Average() * 100, fromEs.MeanUtilizationPct.Current!.Value, 6);
        Assert.Equal(fromDuckDb.UtilizationHistogram, fromEs.UtilizationHistogram);
        Assert.Equal(ratios.Count, fromDuckDb.UtilizationHistogram.Sum());
    }
}
