using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// Sends the reports' searches to Elasticsearch and returns their <c>aggregations</c> (or, for paged reads, their hits).
/// Targets that do not exist yet (a fresh cluster) are answered as empty, as the search store does.
/// </summary>
public sealed class EsReportClient(ElasticsearchConnection connection)
{
    public async Task<JsonObject> AggregateAsync(string targets, JsonObject body, CancellationToken ct) =>
        (await SearchAsync(targets, body, ct).ConfigureAwait(false))["aggregations"] as JsonObject ?? [];

    /// <summary>The hits of a search (with <c>_source</c> and <c>sort</c>), for figures that need the documents themselves.</summary>
    public async Task<List<JsonNode>> HitsAsync(string targets, JsonObject body, CancellationToken ct) =>
        [.. ((await SearchAsync(targets, body, ct).ConfigureAwait(false))["hits"]?["hits"] as JsonArray ?? []).Select(h => h!)];

    /// <summary>
    /// Every hit of a sorted search, page by page (<c>search_after</c> the last hit's <c>sort</c>); more than
    /// <paramref name="max"/> hits fail clearly rather than being cut silently.
    /// </summary>
    public async IAsyncEnumerable<JsonNode> AllHitsAsync(string targets, Func<JsonArray?, JsonObject> page, int pageSize, int max, string what,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        JsonArray? after = null;
        var read = 0;
        while (true)
        {
            var hits = await HitsAsync(targets, page(after), ct).ConfigureAwait(false);
            read += hits.Count;
            if (read > max)
            {
                throw new InvalidOperationException($"more than {max} {what}; too many to read for the report");
            }

            foreach (var hit in hits)
            {
                yield return hit;
            }

            if (hits.Count < pageSize)
            {
                yield break;
            }

            after = hits[^1]["sort"]!.DeepClone().AsArray();
        }
    }

    private async Task<JsonNode> SearchAsync(string targets, JsonObject body, CancellationToken ct)
    {
        var response = await connection.SendJsonAsync(HttpMethod.Post, $"/{targets}/_search?ignore_unavailable=true&allow_no_indices=true", body.ToJsonString(), ct)
            .ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw new ElasticsearchException($"report search failed: HTTP {response.StatusCode} {response.ErrorSummary()}", response.StatusCode, response.IsTransient);
        }

        return response.Json ?? new JsonObject();
    }
}
