using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Storage.Elasticsearch.Kibana;

/// <summary>
/// Imports saved objects (<c>dashboards/*.ndjson</c>) with <c>POST /api/saved_objects/_import?overwrite=true</c>,
/// multipart with the <c>kbn-xsrf</c> header Kibana requires. All files go in one import so references between
/// files (dashboards to data views) resolve within it. Overwrite makes a second run a no-op in effect.
/// </summary>
public sealed class KibanaImporter : IDisposable
{
    private readonly HttpClient _http;
    private readonly KibanaOptions _options;

    public KibanaImporter(KibanaOptions options, HttpMessageHandler? handler = null)
    {
        options.Validate();
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = options.RequestTimeout };
        var auth = ElasticsearchConnection.Authorization(new ElasticsearchOptions { ApiKey = options.ApiKey, Username = options.Username, Password = options.Password });
        if (auth is not null)
        {
            _http.DefaultRequestHeaders.Authorization = auth;
        }
    }

    /// <summary>Concatenates the files into one NDJSON stream (each line one saved object).</summary>
    public static byte[] Bundle(IEnumerable<string> ndjsonFiles)
    {
        var sb = new StringBuilder();
        foreach (var file in ndjsonFiles.OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    sb.Append(line.Trim()).Append('\n');
                }
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public async Task<KibanaImportResult> ImportAsync(byte[] ndjson, CancellationToken cancellationToken)
    {
        var space = string.IsNullOrEmpty(_options.Space) ? "" : $"/s/{Uri.EscapeDataString(_options.Space)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, ElasticsearchConnection.Under(_options.Url!, $"{space}/api/saved_objects/_import?overwrite=true"));
        request.Headers.Add("kbn-xsrf", "obs");
        var file = new ByteArrayContent(ndjson);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/ndjson");
        var form = new MultipartFormDataContent { { file, "file", "obs-dashboards.ndjson" } };
        request.Content = form;
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ElasticsearchException($"Kibana import: HTTP {(int)response.StatusCode} {Shorten(body)}", (int)response.StatusCode, (int)response.StatusCode >= 500);
        }

        var json = JsonNode.Parse(body);
        var errors = new List<string>();
        if (json?["errors"] is JsonArray list)
        {
            foreach (var e in list)
            {
                errors.Add($"{e?["type"]}/{e?["id"]} ({e?["title"]}): {e?["error"]?.ToJsonString()}");
            }
        }

        return new KibanaImportResult(json?["success"]?.GetValue<bool>() ?? false, json?["successCount"]?.GetValue<int>() ?? 0, errors);
    }

    public void Dispose() => _http.Dispose();

    private static string Shorten(string s) => s.Length > 500 ? s[..500] : s;
}
