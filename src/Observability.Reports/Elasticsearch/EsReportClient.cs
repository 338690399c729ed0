using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// Sends the reports' aggregation searches (<c>size: 0</c>) to Elasticsearch and returns their <c>aggregations</c>.
/// Targets that do not exist yet (a fresh cluster) are answered as empty, as the search store does.
/// </summary>
public sealed class EsReportClient(ElasticsearchConnection connection)
{
    public async Task<JsonObject> AggregateAsync(string targets, JsonObject body, CancellationToken ct)
    {
        var response = await connection.SendJsonAsync(HttpMethod.Post, $"/{targets}/_search?ignore_unavailable=true&allow_no_indices=true", body.ToJsonString(), ct)
            .ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            throw new ElasticsearchException($"report search failed: HTTP {response.StatusCode} {response.ErrorSummary()}", response.StatusCode, response.IsTransient);
        }

        return response.Json?["aggregations"] as JsonObject ?? [];
    }
}
