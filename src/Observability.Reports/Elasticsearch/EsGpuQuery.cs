using System.Text.Json.Nodes;
using Observability.Core.Metrics;
using Observability.Reports.Model;
using Observability.Storage.Elasticsearch.Bulk;
using static Observability.Reports.Elasticsearch.EsReportRequests;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// The GPU section from Elasticsearch, with the meaning of <see cref="DuckDb.GpuQuery"/>. Per GPU (<c>terms</c> on
/// <c>gpu.uuid</c>): mean and percentiles of utilisation, its sample count, hottest temperature, the rise of the
/// uncorrected-ECC counter; fleet-wide: mean utilisation, a <c>range</c> aggregation over <see cref="GpuUtilizationBuckets"/>,
/// throttled samples (a mask with
/// any reason but idle), XID events by code. Idle time needs each sample's distance to the next one of its GPU, which no
/// aggregation gives: those samples are read (timestamp, GPU, utilisation; paged with <c>search_after</c>, at most
/// <see cref="MaxSamples"/> per period) and summed here. Utilisation is stored as <see cref="MetricCatalog.GpuUtilization"/>
/// defines it (a 0–1 ratio): means and percentiles are converted to percent here, the idle threshold from percent.
/// </summary>
public sealed class EsGpuQuery(EsReportClient es, ReportOptions options, int pageSize = EsLogQuery.PageSize)
{
    public static readonly string Targets = ObsDataStreams.Pattern("metrics");

    public const int MaxGpus = 10_000;

    /// <summary>Most GPU samples read per period for idle time; more fails clearly rather than being cut silently.</summary>
    public const int MaxSamples = 5_000_000;

    private static readonly string Util = MetricCatalog.GpuUtilization.Name;
    private static readonly string Temp = MetricCatalog.GpuTemperature.Name;
    private static readonly string Throttle = MetricCatalog.GpuThrottleMask.Name;
    private static readonly string Ecc = MetricCatalog.GpuEccUncorrected.Name;

    public async Task<GpuSection> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        var cur = await es.AggregateAsync(Targets, SamplesBody(period), ct).ConfigureAwait(false);
        var prev = await es.AggregateAsync(Targets, SamplesBody(period.Previous), ct).ConfigureAwait(false);
        var xid = await XidsAsync(period, ct).ConfigureAwait(false);
        var xidPrev = await XidsAsync(period.Previous, ct).ConfigureAwait(false);
        long Samples(JsonObject a) => a["samples"]?["doc_count"]?.GetValue<long>() ?? 0;
        if (Samples(cur) == 0 && Samples(prev) == 0 && xid.Sum(x => x.Count) == 0 && xidPrev.Sum(x => x.Count) == 0)
        {
            return new GpuSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), [], [], [],
                Figure.Of(null, null), [], Figure.Of(null, null), Figure.Of(null, null));
        }

        var idle = await IdleHoursAsync(period, ct).ConfigureAwait(false);
        var idlePrev = await IdleHoursAsync(period.Previous, ct).ConfigureAwait(false);
        var histogram = new long[GpuSection.HistogramBuckets];
        var buckets = cur["samples"]?["histogram"]?["buckets"] as JsonArray ?? [];
        for (var i = 0; i < Math.Min(buckets.Count, histogram.Length); i++)
        {
            histogram[i] = buckets[i]!["doc_count"]!.GetValue<long>();
        }

        var gpus = Gpus(cur);
        var perGpu = gpus.Where(g => g.UtilSamples > 0)
            .Select(g => new GpuSection.GpuUtilization(g.Host, g.Gpu, g.Mean!.Value, g.P50!.Value, g.P95!.Value, idle.PerGpu.GetValueOrDefault(g.Gpu), g.UtilSamples))
            .OrderBy(g => g.Host, StringComparer.Ordinal).ThenBy(g => g.Gpu, StringComparer.Ordinal).ToList();
        var hottest = gpus.Where(g => g.MaxTemp is not null).OrderByDescending(g => g.MaxTemp).ThenBy(g => g.Gpu, StringComparer.Ordinal)
            .Take(options.TopN).Select(g => new GpuSection.GpuTemperature(g.Host, g.Gpu, g.MaxTemp!.Value)).ToList();
        double Throttled(JsonObject a) => a["samples"]?["throttled"]?["doc_count"]?.GetValue<long>() ?? 0;
        return new GpuSection(true,
            Figure.Of(gpus.Count, Gpus(prev).Count),
            Figure.Of(Pct(Value(cur["samples"]?["mean"])), Pct(Value(prev["samples"]?["mean"]))),
            Figure.Of(idle.Total, idlePrev.Total),
            histogram, perGpu, hottest,
            Figure.Of(xid.Sum(x => x.Count), xidPrev.Sum(x => x.Count)), xid,
            Figure.Of(Gpus(cur).Count(g => g.EccRose), Gpus(prev).Count(g => g.EccRose)),
            Figure.Of(Throttled(cur), Throttled(prev)));
    }

    private static List<(string Gpu, string Host, double? Mean, double? P50, double? P95, long UtilSamples, double? MaxTemp, bool EccRose)> Gpus(JsonObject aggs)
    {
        var terms = aggs["samples"]?["gpus"];
        if (terms?["sum_other_doc_count"]?.GetValue<long>() > 0)
        {
            throw new InvalidOperationException($"more than {MaxGpus} GPUs reported; the GPU section lists at most {MaxGpus}");
        }

        return [.. (terms?["buckets"] as JsonArray ?? []).Select(b => (
            b!["key"]!.ToString(),
            (b["host"]!["buckets"] as JsonArray ?? []).FirstOrDefault()?["key"]?.ToString() ?? string.Empty,
            Pct(Value(b["mean"])), Pct(Percentile(b["pct"], 50)), Pct(Percentile(b["pct"], 95)),
            (long)(Value(b["util_samples"]) ?? 0), Value(b["max_temp"]),
            Value(b["ecc_max"]) is { } max && Value(b["ecc_min"]) is { } min && max > min))];
    }

    private static double? Pct(double? ratio) => ratio is { } r ? MetricCatalog.GpuUtilization.ToPercent(r) : null;

    /// <summary>One bucket per lower bound, each up to the next (the last open-ended), in order.</summary>
    private static JsonArray Ranges()
    {
        var bounds = GpuUtilizationBuckets.LowerBounds;
        var ranges = new JsonArray();
        for (var i = 0; i < bounds.Count; i++)
        {
            var r = new JsonObject();
            if (i > 0)
            {
                r["from"] = bounds[i];
            }

            if (i + 1 < bounds.Count)
            {
                r["to"] = bounds[i + 1];
            }

            ranges.Add(r);
        }

        return ranges;
    }

    private static JsonObject Metric(string kind, string field) => new() { [kind] = new JsonObject { ["field"] = field } };

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value } } };

    public static JsonObject SamplesBody(ReportPeriod period) => Search(
        Filter(InPeriod(period)),
        new JsonObject
        {
            ["samples"] = new JsonObject
            {
                ["filter"] = Filter(Term("event.dataset", "gpu.device"), Exists("gpu.uuid")),
                ["aggregations"] = new JsonObject
                {
                    ["mean"] = Metric("avg", Util),
                    ["histogram"] = new JsonObject { ["range"] = new JsonObject { ["field"] = Util, ["ranges"] = Ranges(), ["keyed"] = false } },
                    ["throttled"] = new JsonObject
                    {
                        // A mask with any bit but bit 0 (GPU idle) set: in numbers, anything but 0 and 1.
                        ["filter"] = new JsonObject
                        {
                            ["bool"] = new JsonObject
                            {
                                ["filter"] = new JsonArray(Exists(Throttle)),
                                ["must_not"] = new JsonArray(
                                    new JsonObject { ["term"] = new JsonObject { [Throttle] = new JsonObject { ["value"] = 0 } } },
                                    new JsonObject { ["term"] = new JsonObject { [Throttle] = new JsonObject { ["value"] = 1 } } }),
                            },
                        },
                    },
                    ["gpus"] = new JsonObject
                    {
                        ["terms"] = new JsonObject { ["field"] = "gpu.uuid", ["size"] = MaxGpus },
                        ["aggregations"] = new JsonObject
                        {
                            ["host"] = new JsonObject { ["terms"] = new JsonObject { ["field"] = "host.name", ["size"] = 1 } },
                            ["mean"] = Metric("avg", Util),
                            ["pct"] = new JsonObject { ["percentiles"] = new JsonObject { ["field"] = Util, ["percents"] = new JsonArray(50.0, 95.0), ["keyed"] = false } },
                            ["util_samples"] = Metric("value_count", Util),
                            ["max_temp"] = Metric("max", Temp),
                            ["ecc_max"] = Metric("max", Ecc),
                            ["ecc_min"] = Metric("min", Ecc),
                        },
                    },
                },
            },
        });

    public static JsonObject XidsBody(ReportPeriod period) => Search(
        Filter(InPeriod(period), Term("event.dataset", "gpu.xid")),
        new JsonObject { ["codes"] = new JsonObject { ["terms"] = new JsonObject { ["field"] = "gpu.xid.code", ["size"] = 1000, ["missing"] = 0 } } });

    private async Task<List<GpuSection.XidCount>> XidsAsync(ReportPeriod period, CancellationToken ct)
    {
        var aggs = await es.AggregateAsync(Targets, XidsBody(period), ct).ConfigureAwait(false);
        return [.. (aggs["codes"]?["buckets"] as JsonArray ?? [])
            .Select(b => new GpuSection.XidCount((long)Number(b!["key"]!), b["doc_count"]!.GetValue<long>()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Code)];
    }

    /// <summary>Idle GPU-hours per GPU and in total: each idle sample counts until the GPU's next sample (or the period end), capped at the max gap.</summary>
    private async Task<(double Total, Dictionary<string, double> PerGpu)> IdleHoursAsync(ReportPeriod period, CancellationToken ct)
    {
        var samples = new List<(string Gpu, long Ms, double? Util)>();
        var what = $"GPU samples in {period.Start:O} – {period.End:O}";
        await foreach (var hit in es.AllHitsAsync(Targets, after => SamplePageBody(period, after, pageSize), pageSize, MaxSamples, what, ct).ConfigureAwait(false))
        {
            var s = hit["_source"];
            samples.Add((SourceField.String(s, "gpu.uuid")!, hit["sort"]![0]!.GetValue<long>(), SourceField.Number(s, Util)));
        }

        var end = period.End.ToUnixTimeMilliseconds();
        var maxGap = options.MaxSampleGap.TotalSeconds;
        var idleBelow = MetricCatalog.GpuUtilization.FromPercent(options.IdleUtilizationPct);
        var perGpu = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var gpu in samples.GroupBy(s => s.Gpu, StringComparer.Ordinal))
        {
            var ordered = gpu.OrderBy(s => s.Ms).ToList();
            var seconds = 0.0;
            for (var i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Util is { } u && u < idleBelow)
                {
                    var next = i + 1 < ordered.Count ? ordered[i + 1].Ms : end;
                    seconds += Math.Min((next - ordered[i].Ms) / 1000.0, maxGap);
                }
            }

            perGpu[gpu.Key] = seconds / 3600.0;
        }

        return (perGpu.Values.Sum(), perGpu);
    }

    public static JsonObject SamplePageBody(ReportPeriod period, JsonArray? searchAfter, int size)
    {
        var body = new JsonObject
        {
            ["size"] = size,
            ["track_total_hits"] = false,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray("gpu.uuid", Util) },
            ["query"] = Filter(InPeriod(period), Term("event.dataset", "gpu.device"), Exists("gpu.uuid")),
            ["sort"] = new JsonArray(new JsonObject { ["@timestamp"] = "desc" }, new JsonObject { ["event.id"] = "desc" }),
        };
        if (searchAfter is not null)
        {
            body["search_after"] = searchAfter;
        }

        return body;
    }
}
