using System.Globalization;
using System.Text.Json.Nodes;
using Observability.Reports.DuckDb;
using Observability.Reports.Model;
using Observability.Storage.Elasticsearch.Bulk;
using static Observability.Reports.Elasticsearch.EsReportRequests;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// The pipeline section from Elasticsearch, with the meaning of <see cref="PipelineQuery"/>: documents per data stream type
/// and dataset (nested <c>terms</c> with a <c>filter</c> for the current period), the ingest trend (a <c>date_histogram</c>
/// whose buckets start at the period start, through <c>offset</c>), and events the agents dropped (per host, <c>max</c> −
/// <c>min</c> of the <c>agent.monitoring.events.dropped</c> counter). Dead letters are not in Elasticsearch: the indexer
/// keeps them in the embedded store in both modes, so they are read from <paramref name="embedded"/> when given.
/// </summary>
public sealed class EsPipelineQuery(EsReportClient es, ReportOptions options, DuckDbReportSections? embedded = null)
{
    public static readonly string Targets = ObsDataStreams.Targets("logs", "metrics", "traces");

    /// <summary>Most datasets per data stream type one report lists; more fails clearly rather than being cut silently.</summary>
    public const int MaxDatasets = 1000;

    public async Task<PipelineSection> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        var (volumes, previous) = await VolumesAsync(period, ct).ConfigureAwait(false);
        var dead = embedded is null ? [] : await embedded.DeadLettersAsync(period, options, ct).ConfigureAwait(false);
        var deadPrev = embedded is null ? [] : await embedded.DeadLettersAsync(period.Previous, options, ct).ConfigureAwait(false);
        if (volumes.Count == 0 && previous.Count == 0 && dead.Sum(d => d.Count) == 0 && deadPrev.Sum(d => d.Count) == 0)
        {
            return new PipelineSection(false, Figure.Of(null, null), [], [], Figure.Of(null, null), Figure.Of(null, null), []);
        }

        var bucketSeconds = (long)Math.Max(60, Math.Ceiling(period.Length.TotalSeconds / options.TrendPoints));
        var trend = await TrendAsync(period, bucketSeconds, ct).ConfigureAwait(false);
        var byDataset = volumes.Select(v => v with { PreviousDocuments = previous.GetValueOrDefault((v.Table, v.Dataset)) }).ToList();
        return new PipelineSection(true, Figure.Of(volumes.Sum(v => v.Documents), previous.Values.Sum()), byDataset, trend,
            Figure.Of(await DroppedAsync(period, ct).ConfigureAwait(false), await DroppedAsync(period.Previous, ct).ConfigureAwait(false)),
            Figure.Of(dead.Sum(d => d.Count), deadPrev.Sum(d => d.Count)), dead);
    }

    private async Task<(List<PipelineSection.DatasetVolume> Current, Dictionary<(string, string), long> Previous)> VolumesAsync(ReportPeriod period, CancellationToken ct)
    {
        var aggs = await es.AggregateAsync(Targets, VolumesBody(period), ct).ConfigureAwait(false);
        var current = new List<PipelineSection.DatasetVolume>();
        var previous = new Dictionary<(string, string), long>();
        foreach (var type in aggs["types"]?["buckets"] as JsonArray ?? [])
        {
            var datasets = type!["datasets"]!;
            if (datasets["sum_other_doc_count"]?.GetValue<long>() > 0)
            {
                throw new InvalidOperationException($"more than {MaxDatasets} datasets of type {type["key"]}; the pipeline section lists at most {MaxDatasets}");
            }

            foreach (var d in datasets["buckets"] as JsonArray ?? [])
            {
                var key = (type["key"]!.ToString(), d!["key"]!.ToString());
                var now = d["current"]!["doc_count"]!.GetValue<long>();
                var before = d["doc_count"]!.GetValue<long>() - now;
                if (now > 0)
                {
                    current.Add(new PipelineSection.DatasetVolume(key.Item1, key.Item2, now, 0));
                }

                if (before > 0)
                {
                    previous[key] = before;
                }
            }
        }

        current.Sort((a, b) => b.Documents != a.Documents ? b.Documents.CompareTo(a.Documents)
            : string.CompareOrdinal(a.Table, b.Table) is var t and not 0 ? t : string.CompareOrdinal(a.Dataset, b.Dataset));
        return (current, previous);
    }

    private async Task<List<TimePoint>> TrendAsync(ReportPeriod period, long bucketSeconds, CancellationToken ct)
    {
        var aggs = await es.AggregateAsync(Targets, TrendBody(period, bucketSeconds), ct).ConfigureAwait(false);
        return [.. (aggs["trend"]?["buckets"] as JsonArray ?? [])
            .Select(b => new TimePoint(DateTimeOffset.FromUnixTimeMilliseconds(b!["key"]!.GetValue<long>()), b["doc_count"]!.GetValue<long>()))];
    }

    private async Task<double?> DroppedAsync(ReportPeriod period, CancellationToken ct)
    {
        var aggs = await es.AggregateAsync(ObsDataStreams.Pattern("metrics"), DroppedBody(period), ct).ConfigureAwait(false);
        var rises = (aggs["hosts"]?["buckets"] as JsonArray ?? [])
            .Select(b => (Max: Value(b!["max"]), Min: Value(b["min"])))
            .Where(x => x.Max is not null && x.Min is not null).Select(x => x.Max!.Value - x.Min!.Value).ToList();
        return rises.Count == 0 ? null : rises.Sum();
    }

    public static JsonObject VolumesBody(ReportPeriod period) => Search(
        Filter(InPeriod(new ReportPeriod(period.Previous.Start, period.End))),
        new JsonObject
        {
            ["types"] = new JsonObject
            {
                ["terms"] = new JsonObject { ["field"] = "data_stream.type", ["size"] = 10 },
                ["aggregations"] = new JsonObject
                {
                    ["datasets"] = new JsonObject
                    {
                        ["terms"] = new JsonObject { ["field"] = "data_stream.dataset", ["size"] = MaxDatasets, ["missing"] = "" },
                        ["aggregations"] = new JsonObject { ["current"] = new JsonObject { ["filter"] = InPeriod(period) } },
                    },
                },
            },
        });

    public static JsonObject TrendBody(ReportPeriod period, long bucketSeconds)
    {
        var bucketMs = bucketSeconds * 1000;
        var offset = ((period.Start.ToUnixTimeMilliseconds() % bucketMs) + bucketMs) % bucketMs;
        return Search(Filter(InPeriod(period)), new JsonObject
        {
            ["trend"] = new JsonObject
            {
                ["date_histogram"] = new JsonObject
                {
                    ["field"] = "@timestamp",
                    ["fixed_interval"] = string.Create(CultureInfo.InvariantCulture, $"{bucketSeconds}s"),
                    ["offset"] = string.Create(CultureInfo.InvariantCulture, $"+{offset}ms"),
                    ["min_doc_count"] = 1,
                },
            },
        });
    }

    public static JsonObject DroppedBody(ReportPeriod period) => Search(
        Filter(InPeriod(period), new JsonObject { ["term"] = new JsonObject { ["event.dataset"] = new JsonObject { ["value"] = "agent.monitoring" } } }),
        new JsonObject
        {
            ["hosts"] = new JsonObject
            {
                ["terms"] = new JsonObject { ["field"] = "host.name", ["size"] = EsFleetQuery.MaxHosts },
                ["aggregations"] = new JsonObject
                {
                    ["max"] = new JsonObject { ["max"] = new JsonObject { ["field"] = "agent.monitoring.events.dropped" } },
                    ["min"] = new JsonObject { ["min"] = new JsonObject { ["field"] = "agent.monitoring.events.dropped" } },
                },
            },
        });
}
