using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Reports;
using Observability.Reports.DuckDb;
using Observability.Reports.Elasticsearch;
using Observability.Reports.Model;
using Observability.Reports.Sections;
using Observability.Storage.Elasticsearch;
using Observability.Testing.DuckDb;
using Observability.Testing.Elasticsearch;

namespace Observability.Reports.Tests.Sections;

/// <summary>
/// The section contract's two back ends held to one another: the same documents written to DuckDB and, through the bulk
/// writer, to the fake Elasticsearch (which computes aggregations from what it stored) give the same section, figure for
/// figure; every search body the Elasticsearch sections send matches the specification.
/// </summary>
public sealed class ReportSectionsParityTests(BothBackEndsFixture f) : IClassFixture<BothBackEndsFixture>
{
    private static readonly ReportPeriod Period = BothBackEndsFixture.Period;

    private TemporaryDuckDbStore Db => f.Db;

    private FakeElasticsearch Es => f.Es;

    private ElasticsearchStore EsStore => f.Store;

    /// <summary>The embedded back end, as <c>obs up</c> registers it without <c>--es</c>.</summary>
    private IReportSections Embedded => ReportSections.Create(Db.Store);

    /// <summary>The Elasticsearch back end, as <c>obs up --es</c> registers it (alerts and dead letters from the embedded store).</summary>
    private IReportSections FromElasticsearch => ReportSections.Create(Db.Store, EsStore.Connection);

    [Fact]
    public async Task The_fleet_section_from_Elasticsearch_equals_the_one_from_DuckDB_on_the_same_documents()
    {
        var options = new ReportOptions();
        var fromDuckDb = await Embedded.FleetAsync(Period, options, CancellationToken.None);

        var fromEs = await FromElasticsearch.FleetAsync(Period, options, CancellationToken.None);

        // The data has something to find, so equality is not two empty sections.
        Assert.True(fromDuckDb.HasData);
        Assert.Equal(["h2", "h4"], fromDuckDb.SilentHosts.Select(h => h.Host));
        Assert.Equal(["h3"], fromDuckDb.NewHosts);
        Assert.Equal((5.0, 5.0), (fromDuckDb.HostsReporting.Current, fromDuckDb.HostsReporting.Previous));
        Assert.NotNull(fromDuckDb.AgentLagP95Seconds.Current);

        Assert.Equal(fromDuckDb.HasData, fromEs.HasData);
        Assert.Equal(fromDuckDb.HostsReporting, fromEs.HostsReporting);
        Assert.Equal(fromDuckDb.SilentHosts, fromEs.SilentHosts);
        Assert.Equal(fromDuckDb.NewHosts, fromEs.NewHosts);
        foreach (var (duck, es) in new[] { (fromDuckDb.AgentLagP50Seconds, fromEs.AgentLagP50Seconds), (fromDuckDb.AgentLagP95Seconds, fromEs.AgentLagP95Seconds) })
        {
            Assert.Equal(duck.Current!.Value, es.Current!.Value, tolerance: 1e-6);
            Assert.Equal(duck.Previous!.Value, es.Previous!.Value, tolerance: 1e-6);
        }
    }

    [Fact]
    public async Task The_pipeline_section_from_Elasticsearch_equals_the_one_from_DuckDB_on_the_same_documents()
    {
        var options = new ReportOptions();
        var fromDuckDb = await Embedded.PipelineAsync(Period, options, CancellationToken.None);

        var fromEs = await FromElasticsearch.PipelineAsync(Period, options, CancellationToken.None);

        Assert.True(fromDuckDb.HasData);
        Assert.Equal(7, fromDuckDb.ByDataset.Count); // logs/app, metrics/system.cpu, agent.monitoring, gpu.device, gpu.xid, training; traces/training
        Assert.True(fromDuckDb.AgentDroppedEvents.Current > 0);
        Assert.True(fromDuckDb.IngestTrend.Count >= 20);
        Assert.True(fromDuckDb.DeadLetters.Current > 0);

        Assert.Equal(fromDuckDb.HasData, fromEs.HasData);
        Assert.Equal(fromDuckDb.Documents, fromEs.Documents);
        Assert.Equal(fromDuckDb.ByDataset, fromEs.ByDataset);
        Assert.Equal(fromDuckDb.IngestTrend, fromEs.IngestTrend);
        Assert.Equal(fromDuckDb.AgentDroppedEvents, fromEs.AgentDroppedEvents);
        Assert.Equal(fromDuckDb.DeadLetters, fromEs.DeadLetters);
        Assert.Equal(fromDuckDb.DeadLettersByReason, fromEs.DeadLettersByReason);
    }

    [Fact]
    public async Task The_logs_section_from_Elasticsearch_equals_the_one_from_DuckDB_on_the_same_documents()
    {
        var options = new ReportOptions { TopN = 8 };
        var fromDuckDb = await Embedded.LogsAsync(Period, options, CancellationToken.None);

        // Pages of 50: the error documents of each period span several pages.
        var fromEs = await new EsLogQuery(new EsReportClient(EsStore.Connection), options, pageSize: 50).RunAsync(Period, CancellationToken.None);
        Assert.True(Es.Requests.Count(r => r.Body.Contains("\"search_after\"", StringComparison.Ordinal)) >= 4);

        Assert.True(fromDuckDb.HasData);
        Assert.True(fromDuckDb.Errors.Current > 0 && fromDuckDb.NewPatterns.Count > 0 && fromDuckDb.TopPatterns.Count == 8);
        Assert.Equal("log.pattern.id", fromDuckDb.PatternSource);
        Assert.Equal(fromDuckDb.Lines, fromEs.Lines);
        Assert.Equal(fromDuckDb.Errors, fromEs.Errors);
        Assert.Equal(fromDuckDb.ErrorRatePct.Current!.Value, fromEs.ErrorRatePct.Current!.Value, precision: 9);
        Assert.Equal(fromDuckDb.ErrorRatePct.Previous!.Value, fromEs.ErrorRatePct.Previous!.Value, precision: 9);
        Assert.Equal(fromDuckDb.ErrorRateTrend.Select(p => p.Time), fromEs.ErrorRateTrend.Select(p => p.Time));
        Assert.All(fromDuckDb.ErrorRateTrend.Zip(fromEs.ErrorRateTrend), p => Assert.Equal(p.First.Value, p.Second.Value, precision: 9));
        Assert.Equal(fromDuckDb.TopPatterns, fromEs.TopPatterns);
        Assert.Equal(fromDuckDb.NewPatterns, fromEs.NewPatterns);
        Assert.Equal(fromDuckDb.PatternSource, fromEs.PatternSource);
    }

    [Fact]
    public async Task The_gpu_section_from_Elasticsearch_equals_the_one_from_DuckDB_on_the_same_documents()
    {
        var options = new ReportOptions { TopN = 3 };
        var fromDuckDb = await Embedded.GpusAsync(Period, options, CancellationToken.None);

        var fromEs = await new EsGpuQuery(new EsReportClient(EsStore.Connection), options, pageSize: 200).RunAsync(Period, CancellationToken.None);

        Assert.True(fromDuckDb.HasData);
        Assert.Equal((4.0, 4.0), (fromDuckDb.GpusReporting.Current, fromDuckDb.GpusReporting.Previous));
        Assert.True(fromDuckDb.IdleGpuHours.Current > 0 && fromDuckDb.ThrottledSamples.Current > 0 && fromDuckDb.XidEvents.Current > 0);
        Assert.Equal(1.0, fromDuckDb.GpusWithNewUncorrectedEcc.Current);
        // The samples are 0–1 ratios; the section is in percent: a mean near 40 %, every decile populated.
        Assert.InRange(fromDuckDb.MeanUtilizationPct.Current!.Value, 30, 50);
        Assert.All(fromDuckDb.UtilizationHistogram, n => Assert.True(n > 0));
        Assert.All(fromDuckDb.PerGpu, g => Assert.InRange(g.P95Pct, 80, 100));

        static void Near(Figure a, Figure b)
        {
            Assert.Equal(a.Current!.Value, b.Current!.Value, tolerance: 1e-6);
            Assert.Equal(a.Previous!.Value, b.Previous!.Value, tolerance: 1e-6);
        }

        Assert.Equal(fromDuckDb.GpusReporting, fromEs.GpusReporting);
        Near(fromDuckDb.MeanUtilizationPct, fromEs.MeanUtilizationPct);
        Near(fromDuckDb.IdleGpuHours, fromEs.IdleGpuHours);
        Assert.Equal(fromDuckDb.UtilizationHistogram, fromEs.UtilizationHistogram);
        Assert.Equal(fromDuckDb.PerGpu.Select(g => (g.Host, g.Gpu, g.Samples)), fromEs.PerGpu.Select(g => (g.Host, g.Gpu, g.Samples)));
        Assert.All(fromDuckDb.PerGpu.Zip(fromEs.PerGpu), p =>
        {
            Assert.Equal(p.First.MeanPct, p.Second.MeanPct, tolerance: 1e-6);
            Assert.Equal(p.First.P50Pct, p.Second.P50Pct, tolerance: 1e-6);
            Assert.Equal(p.First.P95Pct, p.Second.P95Pct, tolerance: 1e-6);
            Assert.Equal(p.First.IdleHours, p.Second.IdleHours, tolerance: 1e-6);
        });
        Assert.Equal(fromDuckDb.Hottest, fromEs.Hottest);
        Assert.Equal(fromDuckDb.XidEvents, fromEs.XidEvents);
        Assert.Equal(fromDuckDb.XidByCode, fromEs.XidByCode);
        Assert.Equal(fromDuckDb.GpusWithNewUncorrectedEcc, fromEs.GpusWithNewUncorrectedEcc);
        Assert.Equal(fromDuckDb.ThrottledSamples, fromEs.ThrottledSamples);
    }

    [Fact]
    public async Task The_training_section_from_Elasticsearch_equals_the_one_from_DuckDB_on_the_same_documents()
    {
        var options = new ReportOptions();
        var fromDuckDb = await Embedded.TrainingAsync(Period, options, CancellationToken.None);

        var fromEs = await new EsTrainingQuery(new EsReportClient(EsStore.Connection), options, pageSize: 7).RunAsync(Period, CancellationToken.None);

        Assert.True(fromDuckDb.HasData);
        Assert.True(fromDuckDb.Jobs.Current > 0 && fromDuckDb.Jobs.Previous > 0 && fromDuckDb.Failed.Current + fromDuckDb.Failed.Previous > 0);
        // Every third job slows from ~125 ms to ~185 ms per step (job-6 and job-9 run in this period), read from the worker's literal step.duration_ms key.
        Assert.Equal(["job-6", "job-9"], fromDuckDb.StepTimeRegressions.Select(r => r.Job).Order(StringComparer.Ordinal));
        Assert.NotEmpty(fromDuckDb.ThroughputTrend);
        Assert.Equal(fromDuckDb.Jobs, fromEs.Jobs);
        Assert.Equal(fromDuckDb.Succeeded, fromEs.Succeeded);
        Assert.Equal(fromDuckDb.Failed, fromEs.Failed);
        foreach (var (duck, es) in new[] { (fromDuckDb.QueueWaitP50Seconds, fromEs.QueueWaitP50Seconds), (fromDuckDb.QueueWaitP95Seconds, fromEs.QueueWaitP95Seconds), (fromDuckDb.GpuHours, fromEs.GpuHours) })
        {
            Assert.Equal(duck.Current!.Value, es.Current!.Value, tolerance: 1e-6);
            Assert.Equal(duck.Previous!.Value, es.Previous!.Value, tolerance: 1e-6);
        }

        Assert.Equal(fromDuckDb.ThroughputTrend.Select(p => p.Time), fromEs.ThroughputTrend.Select(p => p.Time));
        Assert.All(fromDuckDb.ThroughputTrend.Zip(fromEs.ThroughputTrend), p => Assert.Equal(p.First.Value, p.Second.Value, tolerance: 1e-6));
        Assert.Equal(fromDuckDb.StepTimeRegressions, fromEs.StepTimeRegressions);
    }

    [Fact]
    public async Task The_whole_report_rendered_from_Elasticsearch_equals_the_one_from_DuckDB_figure_for_figure()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Period.End.AddMinutes(5));
        var options = new ReportOptions();
        using var runner = new ReportRunner(ReportSections.Create(Db.Store), Db.Store, options, time, [], NullLogger<ReportRunner>.Instance);
        using var esRunner = new ReportRunner(ReportSections.Create(Db.Store, EsStore.Connection), Db.Store, options, time, [], NullLogger<ReportRunner>.Instance);

        var fromDuckDb = await runner.RenderAsync("daily", Period);
        var fromEs = await esRunner.RenderAsync("daily", Period);

        Assert.Equal(fromDuckDb.Report.Id, fromEs.Report.Id);
        SameJson(JsonNode.Parse(fromDuckDb.Json), JsonNode.Parse(fromEs.Json), "$");
        Assert.Contains("h2", fromEs.Markdown, StringComparison.Ordinal); // a silent host is named in the rendered summary
    }

    /// <summary>Same JSON tree; numbers equal to 1e-6 (DuckDB subtracts epoch seconds of about 1.8e9 in doubles).</summary>
    private static void SameJson(JsonNode? a, JsonNode? b, string path)
    {
        switch (a)
        {
            case JsonObject o:
                var other = Assert.IsType<JsonObject>(b);
                Assert.Equal(o.Select(p => p.Key).Order(), other.Select(p => p.Key).Order());
                foreach (var (k, v) in o)
                {
                    SameJson(v, other[k], $"{path}.{k}");
                }

                break;
            case JsonArray arr:
                var otherArr = Assert.IsType<JsonArray>(b);
                Assert.True(arr.Count == otherArr.Count, $"{path}: {arr.Count} against {otherArr.Count} items");
                for (var i = 0; i < arr.Count; i++)
                {
                    SameJson(arr[i], otherArr[i], $"{path}[{i}]");
                }

                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                var x = v.GetValue<double>();
                var y = b!.GetValue<double>();
                Assert.True(Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(x)), $"{path}: {x} against {y}");
                break;
            default:
                Assert.True(a?.ToJsonString() == b?.ToJsonString(), $"{path}: {a?.ToJsonString()} against {b?.ToJsonString()}");
                break;
        }
    }

    [Fact]
    public async Task Every_search_the_sections_send_matches_the_specification()
    {
        await new EsFleetQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(Period, CancellationToken.None);
        await new EsPipelineQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(Period, CancellationToken.None);
        // Small pages, so the search_after requests of the sections that read documents are checked too.
        await new EsLogQuery(new EsReportClient(EsStore.Connection), new ReportOptions(), pageSize: 100).RunAsync(Period, CancellationToken.None);
        await new EsGpuQuery(new EsReportClient(EsStore.Connection), new ReportOptions(), pageSize: 500).RunAsync(Period, CancellationToken.None);
        await new EsTrainingQuery(new EsReportClient(EsStore.Connection), new ReportOptions(), pageSize: 10).RunAsync(Period, CancellationToken.None);

        var searches = Es.Requests.Where(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)).ToList();
        Assert.True(searches.Count >= 2 + 4 + 4, $"{searches.Count} searches");
        Assert.True(searches.Count(r => r.Body.Contains("\"search_after\"", StringComparison.Ordinal)) >= 3);
        foreach (var (_, _, body) in searches)
        {
            var errors = OpenApiValidator.Instance.Validate(JsonNode.Parse(body), OpenApiValidator.Instance.RequestBody("search"));
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + body);
        }
    }

    [Fact]
    public void The_fake_Elasticsearch_runs_the_lag_script_the_fleet_section_sends() =>
        Assert.Equal(EsFleetQuery.LagScript, FakeElasticsearch.SearchEngine.AgentLagScript);

    [Fact]
    public async Task A_search_Elasticsearch_refuses_fails_the_report_with_the_status_and_reason()
    {
        var body = EsFleetQuery.LagBody(Period);
        body["runtime_mappings"]![EsFleetQuery.LagField]!["script"]!["source"] = "emit(1)";

        var e = await Assert.ThrowsAsync<Observability.Storage.Elasticsearch.Http.ElasticsearchException>(
            () => new EsReportClient(EsStore.Connection).AggregateAsync(EsFleetQuery.Targets, body, CancellationToken.None));

        Assert.Contains("HTTP 400", e.Message, StringComparison.Ordinal);
        Assert.Contains("script", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_period_gives_sections_without_data()
    {
        var empty = ReportPeriod.Ending(Period.Previous.Start.AddDays(-30), TimeSpan.FromHours(24));

        var fleet = await new EsFleetQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(empty, CancellationToken.None);
        var pipeline = await new EsPipelineQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(empty, CancellationToken.None);

        Assert.False(fleet.HasData);
        Assert.False((await new EsTrainingQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(empty, CancellationToken.None)).HasData);
        Assert.False((await new EsGpuQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(empty, CancellationToken.None)).HasData);
        Assert.False((await new EsLogQuery(new EsReportClient(EsStore.Connection), new ReportOptions()).RunAsync(empty, CancellationToken.None)).HasData);
        Assert.False(pipeline.HasData);
    }
}
