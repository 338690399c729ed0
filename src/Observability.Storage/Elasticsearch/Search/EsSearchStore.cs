using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch.Bulk;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Storage.Elasticsearch.Search;

/// <summary>
/// <see cref="ISearchStore"/> over Elasticsearch: KQL translated to Query DSL, searched across
/// our <c>&lt;type&gt;-obs.*-*</c> streams (or <c>obs-alerts</c>), paged with <c>search_after</c>, totals counted up to a
/// bound (exactly with <c>_count</c>);
/// histograms and top values with aggregations.
/// </summary>
public sealed class EsSearchStore(ElasticsearchConnection connection, Func<string, JsonObject> translateKql, int trackTotalHitsUpTo = SearchBodyBuilder.DefaultTrackTotalHits)
    : IAggregatingSearchStore
{
    public async Task<IReadOnlyList<HistogramBucket>> HistogramAsync(SearchRequest request, TimeSpan interval, CancellationToken cancellationToken)
    {
        var body = AggregationBodyBuilder.Histogram(request, interval, translateKql);
        var json = await SendAsync($"/{Target(request.DataStreamType)}/_search?ignore_unavailable=true&allow_no_indices=true", body, cancellationToken);
        var buckets = new List<HistogramBucket>();
        foreach (var b in json["aggregations"]?[AggregationBodyBuilder.HistogramName]?["buckets"] as JsonArray ?? [])
        {
            buckets.Add(new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(b!["key"]!.GetValue<long>()), b["doc_count"]!.GetValue<long>()));
        }

        return buckets;
    }

    public async Task<TopValues> TopValuesAsync(SearchRequest request, string field, int size, CancellationToken cancellationToken)
    {
        var body = AggregationBodyBuilder.Terms(request, field, size, translateKql);
        var json = await SendAsync($"/{Target(request.DataStreamType)}/_search?ignore_unavailable=true&allow_no_indices=true", body, cancellationToken);
        var aggs = json["aggregations"];
        var buckets = new List<TermBucket>();
        foreach (var b in aggs?[AggregationBodyBuilder.TermsName]?["buckets"] as JsonArray ?? [])
        {
            // key_as_string for booleans and dates; key otherwise.
            var key = b!["key_as_string"]?.GetValue<string>() ?? b["key"]!.ToString();
            buckets.Add(new TermBucket(key, b["doc_count"]!.GetValue<long>()));
        }

        return new TopValues(
            field,
            buckets,
            (long)(aggs?[AggregationBodyBuilder.ValuesName]?["value"]?.GetValue<double>() ?? 0),
            aggs?[AggregationBodyBuilder.TermsName]?["sum_other_doc_count"]?.GetValue<long>() ?? 0);
    }

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var target = Target(request.DataStreamType);
        if (request.CountOnly)
        {
            var countBody = SearchBodyBuilder.Count(request, translateKql);
            var count = await SendAsync($"/{target}/_count?ignore_unavailable=true&allow_no_indices=true", countBody, cancellationToken);
            return new SearchResult(count["count"]?.GetValue<long>() ?? 0, []);
        }

        var body = SearchBodyBuilder.Search(request, translateKql, trackTotalHitsUpTo);
        var json = await SendAsync($"/{target}/_search?ignore_unavailable=true&allow_no_indices=true", body, cancellationToken);
        var total = json["hits"]?["total"]?["value"]?.GetValue<long>() ?? 0;
        var lowerBound = json["hits"]?["total"]?["relation"]?.GetValue<string>() == "gte";
        var hits = new List<EcsDocument>();
        JsonArray? lastSort = null;
        foreach (var hit in json["hits"]?["hits"] as JsonArray ?? [])
        {
            if (hit?["_source"] is JsonObject source)
            {
                var doc = EcsJson.Parse(source.ToJsonString());
                if (doc.Id is null && hit["_id"]?.GetValue<string>() is { } id)
                {
                    doc.Id = id;
                }

                hits.Add(doc);
            }

            lastSort = hit?["sort"] as JsonArray;
        }

        var next = hits.Count == request.Limit && request.Limit > 0 && lastSort is not null ? SearchBodyBuilder.EncodeCursor(lastSort) : null;
        return new SearchResult(total, hits, next, lowerBound);
    }

    /// <summary>Our streams of a data stream type (never another product's on a shared cluster); <c>alerts</c> reads the alerts index.</summary>
    public static string Target(string dataStreamType) => dataStreamType switch
    {
        BulkTarget.AlertsType or BulkTarget.AlertsIndex => BulkTarget.AlertsIndex,
        DataStream.Logs or DataStream.Metrics or DataStream.Traces => ObsDataStreams.Pattern(dataStreamType),
        _ => throw new ArgumentException($"unknown data stream type '{dataStreamType}' (logs, metrics, traces or alerts)", nameof(dataStreamType)),
    };

    private async Task<JsonNode> SendAsync(string path, JsonObject body, CancellationToken ct)
    {
        var response = await connection.SendJsonAsync(HttpMethod.Post, path, body.ToJsonString(), ct);
        if (!response.IsSuccess)
        {
            throw new ElasticsearchException($"search failed: HTTP {response.StatusCode} {response.ErrorSummary()}", response.StatusCode, response.IsTransient);
        }

        return response.Json ?? throw new ElasticsearchException("empty search response", response.StatusCode, isTransient: true);
    }
}
