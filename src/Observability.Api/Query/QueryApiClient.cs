using System.Net.Http.Headers;
using System.Text.Json;
using Observability.Core.Hosting;
using Observability.Storage.Abstractions;

namespace Observability.Api.Query;

/// <summary>
/// <see cref="IAggregatingSearchStore"/> (searches, histograms, top values) over the loopback query API of a running <c>obs up</c> (which owns the DuckDB file,
/// so no other process may open it). Build one with <see cref="TryConnect"/> from the data directory.
/// </summary>
public sealed class QueryApiClient : IAggregatingSearchStore, IDisposable
{
    private readonly HttpClient _http;
    private readonly UpInstance _instance;

    public QueryApiClient(UpInstance instance, HttpMessageHandler? handler = null)
    {
        _instance = instance;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = new Uri(instance.Url);
        _http.Timeout = TimeSpan.FromSeconds(60);
        _http.DefaultRequestHeaders.Add(QueryApiProtocol.TokenHeader, instance.Token);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>A client for the <c>obs up</c> recorded in <paramref name="dataDirectory"/> if it is alive and answers; else null.</summary>
    public static QueryApiClient? TryConnect(string dataDirectory, TimeSpan? timeout = null)
    {
        var instance = UpInstance.TryRead(dataDirectory);
        if (instance is null)
        {
            return null;
        }

        var client = new QueryApiClient(instance);
        try
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
            using var response = client._http.GetAsync(QueryApiProtocol.HealthPath, cts.Token).GetAwaiter().GetResult();
            if (response.IsSuccessStatusCode)
            {
                return client;
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
        }

        client.Dispose();
        return null;
    }

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        using var json = await PostAsync(QueryApiProtocol.SearchPath, w => QueryApiProtocol.WriteRequest(w, request), cancellationToken);
        return QueryApiProtocol.ReadResult(json.RootElement);
    }

    public async Task<IReadOnlyList<HistogramBucket>> HistogramAsync(SearchRequest request, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var json = await PostAsync(QueryApiProtocol.HistogramPath, w => QueryApiProtocol.WriteHistogramRequest(w, request, interval), cancellationToken);
        return QueryApiProtocol.ReadHistogram(json.RootElement);
    }

    public async Task<TopValues> TopValuesAsync(SearchRequest request, string field, int size, CancellationToken cancellationToken)
    {
        using var json = await PostAsync(QueryApiProtocol.TopPath, w => QueryApiProtocol.WriteTopRequest(w, request, field, size), cancellationToken);
        return QueryApiProtocol.ReadTopValues(json.RootElement, field);
    }

    private async Task<JsonDocument> PostAsync(string path, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            write(w);
        }

        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(path, content, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryReadError(bytes) ?? $"HTTP {(int)response.StatusCode}";
            // 400 is the query's fault (bad KQL): the same message obs search would print when opening the store itself.
            throw (int)response.StatusCode == 400 ? new ArgumentException(error) : new HttpRequestException($"obs up at {_instance.Url} failed: {error}");
        }

        return JsonDocument.Parse(bytes);
    }

    private static string? TryReadError(byte[] bytes)
    {
        try
        {
            using var json = JsonDocument.Parse(bytes);
            return json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
