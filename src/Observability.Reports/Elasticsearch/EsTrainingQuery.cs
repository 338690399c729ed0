using System.Text.Json.Nodes;
using Observability.Core.Metrics;
using Observability.Reports.Model;
using Observability.Storage.Elasticsearch.Bulk;
using static Observability.Reports.Elasticsearch.EsReportRequests;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// The training section from Elasticsearch, with the meaning of <see cref="DuckDb.TrainingQuery"/>. Queue wait
/// percentiles and the throughput trend (a <c>date_histogram</c> from the period start, <c>terms</c> per job, <c>avg</c>
/// samples/s, summed over jobs) are aggregations. A job's outcome is that of its latest-<em>ending</em> rank span and a
/// step-time regression compares the medians of the two halves of a job's samples in time order; neither is an
/// aggregation, so the rank spans and step-time samples are read (paged, bounded) and computed here.
/// </summary>
public sealed class EsTrainingQuery(EsReportClient es, ReportOptions options, int pageSize = EsLogQuery.PageSize)
{
    public static readonly string Traces = ObsDataStreams.Pattern("traces");
    public static readonly string Metrics = ObsDataStreams.Pattern("metrics");
    public const int MaxJobs = 10_000;
    public const int MaxDocuments = 5_000_000;

    private static readonly string StepMs = MetricCatalog.StepDuration.Name;
    private static readonly string Sps = MetricCatalog.SamplesPerSecond.Name;

    public async Task<TrainingSection> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        var cur = await SummaryAsync(period, ct).ConfigureAwait(false);
        var prev = await SummaryAsync(period.Previous, ct).ConfigureAwait(false);
        var metricRows = (await es.AggregateAsync(Metrics, Search(TrainingMetrics(period), new JsonObject { ["n"] = Count() }), ct).ConfigureAwait(false))["n"]?["value"]?.GetValue<double>() ?? 0;
        if (cur.Jobs == 0 && prev.Jobs == 0 && cur.Waits == 0 && prev.Waits == 0 && metricRows == 0)
        {
            return new TrainingSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null),
                Figure.Of(null, null), Figure.Of(null, null), [], []);
        }

        var bucketSeconds = (long)Math.Max(60, Math.Ceiling(period.Length.TotalSeconds / options.TrendPoints));
        var trendBody = EsPipelineQuery.TrendBody(period, bucketSeconds);
        trendBody["query"] = TrainingMetrics(period, Sps);
        trendBody["aggregations"]!["trend"]!["aggregations"] = new JsonObject
        {
            ["jobs"] = new JsonObject
            {
                ["terms"] = new JsonObject { ["field"] = "training.job.id", ["size"] = MaxJobs },
                ["aggregations"] = new JsonObject { ["sps"] = new JsonObject { ["avg"] = new JsonObject { ["field"] = Sps } } },
            },
        };
        var trend = ((await es.AggregateAsync(Metrics, trendBody, ct).ConfigureAwait(false))["trend"]?["buckets"] as JsonArray ?? [])
            .Select(b => new TimePoint(DateTimeOffset.FromUnixTimeMilliseconds(b!["key"]!.GetValue<long>()),
                (b["jobs"]!["buckets"] as JsonArray ?? []).Sum(j => Value(j!["sps"]) ?? 0))).ToList();
        return new TrainingSection(true, Figure.Of(cur.Jobs, prev.Jobs), Figure.Of(cur.Succeeded, prev.Succeeded), Figure.Of(cur.Failed, prev.Failed),
            Figure.Of(cur.WaitP50, prev.WaitP50), Figure.Of(cur.WaitP95, prev.WaitP95), Figure.Of(cur.GpuHours, prev.GpuHours), trend,
            await RegressionsAsync(period, ct).ConfigureAwait(false));
    }

    private static JsonObject Count() => new() { ["value_count"] = new JsonObject { ["field"] = "@timestamp" } };

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value } } };

    private static JsonObject TrainingMetrics(ReportPeriod period, params string[] present) =>
        Filter([InPeriod(period), Term("event.dataset", "training"), Exists("training.job.id"), .. present.Select(Exists)]);

    private static JsonObject Page(JsonObject query, JsonArray? after, int size, params string[] fields)
    {
        var body = new JsonObject
        {
            ["size"] = size,
            ["track_total_hits"] = false,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray([.. fields.Select(f => (JsonNode)f)]) },
            ["query"] = query.DeepClone(),
            ["sort"] = new JsonArray(new JsonObject { ["@timestamp"] = "desc" }, new JsonObject { ["event.id"] = "desc" }),
        };
        if (after is not null)
        {
            body["search_after"] = after;
        }

        return body;
    }

    private async Task<(long Jobs, long Succeeded, long Failed, double? GpuHours, long Waits, double? WaitP50, double? WaitP95)> SummaryAsync(ReportPeriod period, CancellationToken ct)
    {
        var runs = new List<(string Job, long EndNs, long DurationNs, string? Outcome)>();
        var query = Filter(InPeriod(period), Term("span.name", "train.rank.run"), Exists("training.job.id"));
        await foreach (var hit in es.AllHitsAsync(Traces, after => Page(query, after, pageSize, "training.job.id", "event.duration", "event.outcome"), pageSize, MaxDocuments, "rank spans", ct)
            .ConfigureAwait(false))
        {
            var s = hit["_source"];
            var duration = (long)(SourceField.Number(s, "event.duration") ?? 0);
            if (SourceField.String(s, "training.job.id") is { } job)
            {
                runs.Add((job, (hit["sort"]![0]!.GetValue<long>() * 1_000_000) + duration, duration, SourceField.String(s, "event.outcome")));
            }
        }

        var jobs = runs.GroupBy(r => r.Job, StringComparer.Ordinal).Select(g => (Outcome: g.MaxBy(r => r.EndNs).Outcome, Seconds: g.Sum(r => r.DurationNs) / 1e9)).ToList();
        var waitBody = Search(Filter(InPeriod(period), Term("span.name", "train.job.queue_wait"), Exists("event.duration")), new JsonObject
        {
            ["n"] = Count(),
            ["wait"] = new JsonObject { ["percentiles"] = new JsonObject { ["field"] = "event.duration", ["percents"] = new JsonArray(50.0, 95.0), ["keyed"] = false } },
        });
        var waits = await es.AggregateAsync(Traces, waitBody, ct).ConfigureAwait(false);
        return (jobs.Count, jobs.Count(j => j.Outcome == "success"), jobs.Count(j => j.Outcome == "failure"), jobs.Count == 0 ? null : jobs.Sum(j => j.Seconds) / 3600.0,
            (long)(waits["n"]?["value"]?.GetValue<double>() ?? 0), Percentile(waits["wait"], 50) / 1e9, Percentile(waits["wait"], 95) / 1e9);
    }

    private async Task<List<TrainingSection.StepTimeRegression>> RegressionsAsync(ReportPeriod period, CancellationToken ct)
    {
        var samples = new List<(string Job, long Ms, double StepMs)>();
        var query = TrainingMetrics(period, StepMs);
        await foreach (var hit in es.AllHitsAsync(Metrics, after => Page(query, after, pageSize, "training.job.id", StepMs), pageSize, MaxDocuments, "step-time samples", ct)
            .ConfigureAwait(false))
        {
            // The worker's documents hold training.step too, so the duration is the literal key "step.duration_ms" in _source.
            var s = hit["_source"];
            if (SourceField.String(s, "training.job.id") is { } job && SourceField.Number(s, StepMs) is { } stepMs)
            {
                samples.Add((job, hit["sort"]![0]!.GetValue<long>(), stepMs));
            }
        }

        var regressions = new List<TrainingSection.StepTimeRegression>();
        foreach (var job in samples.GroupBy(x => x.Job, StringComparer.Ordinal))
        {
            var ordered = job.OrderBy(x => x.Ms).Select(x => x.StepMs).ToList();
            var half = ordered.Count / 2;
            if (ordered.Count < 4 || Median(ordered[..half]) is not { } before || Median(ordered[half..]) is not { } after || before <= 0 || after < before * options.StepRegressionRatio)
            {
                continue;
            }

            regressions.Add(new TrainingSection.StepTimeRegression(job.Key, before, after, after / before));
        }

        return [.. regressions.OrderByDescending(r => r.Ratio).ThenBy(r => r.Job, StringComparer.Ordinal)];
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var pos = 0.5 * (values.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return values[lo] + ((values[hi] - values[lo]) * (pos - lo));
    }
}
