using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch.Bulk;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Storage.Elasticsearch.Search;

/// <summary>
/// <see cref="ISearchStore"/> over Elasticsearch: KQL translated to Query DSL, searched across
/// <c>&lt;type&gt;-*-*</c> (or <c>obs-alerts</c>), paged with <c>search_after</c>, counted with <c>_count</c>.
/// </summary>
public sealed class EsSearchStore(ElasticsearchConnection connection, Func<string, JsonObject> translateKql) : ISearchStore
{
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var target = Target(request.DataStreamType);
        if (request.CountOnly)
        {
            var countBody = SearchBodyBuilder.Count(request, translateKql);
            var count = await SendAsync($"/{target}/_count?ignore_unavailable=true&allow_no_indices=true", countBody, cancellationToken);
            return new SearchResult(count["count"]?.GetValue<long>() ?? 0, []);
        }

        var body = SearchBodyBuilder.Search(request, translateKql);
        var json = await SendAsync($"/{target}/_search?ignore_unavailable=true&allow_no_indices=true", body, cancellationToken);
        var total = json["hits"]?["total"]?["value"]?.GetValue<long>() ?? 0;
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
        return new SearchResult(total, hits, next);
    }

    /// <summary>The index pattern for a data stream type; <c>alerts</c> reads the alerts index.</summary>
    public static string Target(string dataStreamType) => dataStreamType switch
    {
        BulkTarget.AlertsType or BulkTarget.AlertsIndex => BulkTarget.AlertsIndex,
        DataStream.Logs or DataStream.Metrics or DataStream.Traces => $"{dataStreamType}-*-*",
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
